using System.Text;
using Fluid;
using Fluid.Ast;
using Fluid.Values;

namespace Outreach.Core.Newsletters;

/// <summary>
/// The bounds a template's render stays inside, so a saved template cannot take the worker's memory:
/// what it prints in all (the page and every <c>capture</c> together), the longest text or list it may
/// <c>assign</c> or <c>capture</c>, and the longest <c>(a..b)</c> range. The sample issue prints about 40 KB.
/// </summary>
public static class TemplateLimits
{
    public const int MaxOutputCharacters = 2_000_000;
    public const int MaxValueCharacters = 500_000;
    public const int MaxItems = 10_000;

    /// <summary>The context's budget of characters left to print, shared by the output and every capture.</summary>
    internal sealed class OutputBudget
    {
        public const string Key = "outreach.output-budget";
        private long left = MaxOutputCharacters;

        public void Spend(int characters)
        {
            left -= characters;
            if (left < 0) throw new TemplateLimitException($"The template prints more than {MaxOutputCharacters:N0} characters.");
        }
    }

    internal static OutputBudget BudgetOf(TemplateContext context) =>
        context.AmbientValues.TryGetValue(OutputBudget.Key, out var budget) && budget is OutputBudget b
            ? b
            : throw new InvalidOperationException("The render has no output budget.");

    internal static void Arm(TemplateContext context) => context.AmbientValues[OutputBudget.Key] = new OutputBudget();

    /// <summary>Refuses a value a template assigns or captures when it is longer than the bounds allow.</summary>
    internal static ValueTask<FluidValue> Check(string identifier, FluidValue value, TemplateContext context)
    {
        switch (value)
        {
            case StringValue text when text.ToStringValue().Length > MaxValueCharacters:
                throw new TemplateLimitException($"'{identifier}' would hold more than {MaxValueCharacters:N0} characters.");
            case ArrayValue list when list.Values.Count > MaxItems:
                throw new TemplateLimitException($"'{identifier}' would hold more than {MaxItems:N0} items.");
        }

        return new ValueTask<FluidValue>(value);
    }

    /// <summary><c>capture</c> as Liquid defines it, written through the shared budget.</summary>
    internal static async ValueTask<Completion> CaptureAsync(
        string identifier, IReadOnlyList<Statement> statements, TextWriter _, System.Text.Encodings.Web.TextEncoder encoder, TemplateContext context)
    {
        var buffer = new StringBuilder();
        await using var writer = new BudgetedWriter(new StringWriter(buffer), BudgetOf(context));
        var completion = Completion.Normal;
        foreach (var statement in statements)
        {
            completion = await statement.WriteToAsync(writer, encoder, context);
            if (completion != Completion.Normal) break;
        }

        await writer.FlushAsync();
        context.SetValue(identifier, await Check(identifier, new StringValue(buffer.ToString(), false), context));
        return completion;
    }

    /// <summary>Replaces every <c>(a..b)</c> with one that refuses to build a list longer than <see cref="MaxItems"/>.</summary>
    internal sealed class BoundedRanges : AstRewriter
    {
        protected override Expression VisitRangeExpression(RangeExpression range) => new BoundedRange(range.From, range.To);
    }

    private sealed class BoundedRange(Expression from, Expression to) : Expression
    {
        public override async ValueTask<FluidValue> EvaluateAsync(TemplateContext context)
        {
            var start = (long)(await from.EvaluateAsync(context)).ToNumberValue();
            var end = (long)(await to.EvaluateAsync(context)).ToNumberValue();
            var count = Math.Max(0, end - start + 1);
            if (count > MaxItems) throw new TemplateLimitException($"A range cannot hold more than {MaxItems:N0} numbers.");
            return new ArrayValue(Enumerable.Range((int)start, (int)count).Select(i => (FluidValue)NumberValue.Create(i)).ToArray());
        }
    }
}

/// <summary>A template went past one of <see cref="TemplateLimits"/>.</summary>
public sealed class TemplateLimitException(string message) : Exception(message);

/// <summary>A writer that spends the render's budget for every character written to it.</summary>
internal sealed class BudgetedWriter(TextWriter inner, TemplateLimits.OutputBudget budget) : TextWriter
{
    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value)
    {
        budget.Spend(1);
        inner.Write(value);
    }

    public override void Write(string? value)
    {
        budget.Spend(value?.Length ?? 0);
        inner.Write(value);
    }

    public override void Write(char[] buffer, int index, int count)
    {
        budget.Spend(count);
        inner.Write(buffer, index, count);
    }

    public override void Write(ReadOnlySpan<char> buffer)
    {
        budget.Spend(buffer.Length);
        inner.Write(buffer);
    }

    public override Task WriteAsync(char value)
    {
        budget.Spend(1);
        return inner.WriteAsync(value);
    }

    public override Task WriteAsync(string? value)
    {
        budget.Spend(value?.Length ?? 0);
        return inner.WriteAsync(value);
    }

    public override Task WriteAsync(char[] buffer, int index, int count)
    {
        budget.Spend(count);
        return inner.WriteAsync(buffer, index, count);
    }

    public override Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
    {
        budget.Spend(buffer.Length);
        return inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task FlushAsync() => inner.FlushAsync();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
