using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using Fluid;
using Fluid.Values;

namespace Outreach.Core.Newsletters;

/// <summary>HTML that is already safe (rendered from Markdown without raw HTML); a template prints it as it is.</summary>
public sealed record SafeHtml(string Value)
{
    public override string ToString() => Value;
}

/// <summary>Why a template was refused: a message, and where the parser stopped when it knows.</summary>
public sealed record TemplateError(string Message, int? Line = null, int? Column = null)
{
    public override string ToString() => Line is null ? Message : $"Line {Line}, column {Column}: {Message}";
}

/// <summary>What a template printed, and the variables it captured, by name.</summary>
public sealed record RenderedTemplate(string Output, IReadOnlyDictionary<string, string> Captured);

/// <summary>The template could not be rendered (a template that loops forever, includes a file…).</summary>
public sealed class TemplateRenderException(string message, Exception inner) : Exception(message, inner);

/// <summary>
/// Liquid through Fluid, sandboxed: no file provider (so <c>include</c> and <c>render</c> find nothing),
/// only the view-model types registered here are readable, a step limit stops endless loops,
/// every <c>{{ value }}</c> is HTML-encoded unless it is <see cref="SafeHtml"/>, and a render stays inside
/// <see cref="TemplateLimits"/> (what it prints, the texts and lists it builds), at save time and at send time alike.
/// </summary>
public sealed partial class LiquidTemplates
{
    public const int MaxSteps = 200_000;
    private static readonly FluidParser Parser = CreateParser();
    private static readonly TextEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);
    private readonly TemplateOptions options = CreateOptions();
    private readonly ConcurrentDictionary<string, IFluidTemplate> parsed = new(StringComparer.Ordinal);

    /// <summary>Parses a template; false with the error (line and column when the parser gives them).</summary>
    public bool TryParse(string source, out IFluidTemplate template, out TemplateError? error)
    {
        error = null;
        if (parsed.TryGetValue(source, out template!)) return true;
        if (!Parser.TryParse(source, out template!, out var message))
        {
            error = ToError(message);
            return false;
        }

        template = new TemplateLimits.BoundedRanges().VisitTemplate(template);
        if (parsed.Count > 100) parsed.Clear();
        parsed[source] = template;
        return true;
    }

    /// <summary>Renders with the given top-level variables; template faults become <see cref="TemplateRenderException"/>.</summary>
    public async Task<string> RenderAsync(string source, IReadOnlyDictionary<string, object?> variables) =>
        (await RenderCapturingAsync(source, variables)).Output;

    /// <summary>
    /// Renders, then reads back the variables the template set with <c>capture</c> or <c>assign</c> (a mail's subject):
    /// the text as the template printed it (HTML-encoded), empty when the template did not set it.
    /// </summary>
    public async Task<RenderedTemplate> RenderCapturingAsync(string source, IReadOnlyDictionary<string, object?> variables, params string[] captures)
    {
        if (!TryParse(source, out var template, out var error)) throw new TemplateRenderException(error!.ToString(), new FormatException(error.Message));
        var context = new TemplateContext(options);
        foreach (var (name, value) in variables) context.SetValue(name, value);
        TemplateLimits.Arm(context);
        try
        {
            var output = new StringWriter();
            await template.RenderAsync(new BudgetedWriter(output, TemplateLimits.BudgetOf(context)), context, Encoder, isolateContext: false);
            return new RenderedTemplate(output.ToString(), captures.ToDictionary(name => name, name => context.GetValue(name).ToStringValue()));
        }
        catch (TemplateLimitException e)
        {
            throw new TemplateRenderException("The template is too large when rendered: " + e.Message, e);
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidOperationException or ParseException or ArgumentException or NullReferenceException or FormatException)
        {
            throw new TemplateRenderException(Explain(e), e);
        }
    }

    private static string Explain(Exception e) => e switch
    {
        FileNotFoundException => "Templates cannot include other files (include and render are not available).",
        InvalidOperationException when e.Message.Contains("recursion", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("steps", StringComparison.OrdinalIgnoreCase)
            => "The template runs too long (a loop too large?).",
        _ => "The template could not be rendered: " + e.Message,
    };

    private static TemplateOptions CreateOptions()
    {
        var options = new TemplateOptions
        {
            MaxSteps = MaxSteps,
            MaxRecursion = 20,
            CultureInfo = System.Globalization.CultureInfo.GetCultureInfo("fr-FR"),
        };
        // No FileProvider is ever set: the default one finds no file, so a template reads nothing from disk.
        options.MemberAccessStrategy.MemberNameStrategy = MemberNameStrategies.SnakeCase;
        foreach (var type in TemplateModel.Types) options.MemberAccessStrategy.Register(type);
        options.Assigned = TemplateLimits.Check;
        foreach (var (name, filter) in options.Filters.ToList())
            options.Filters.AddFilter(name, async (input, arguments, context) => await TemplateLimits.Check(name, await filter(input, arguments, context), context));
        options.ValueConverters.Add(value => value is SafeHtml html ? new StringValue(html.Value, false) : null);
        return options;
    }

    private static FluidParser CreateParser()
    {
        var parser = new FluidParser();
        parser.RegisterIdentifierBlock("capture", TemplateLimits.CaptureAsync);
        return parser;
    }

    private static TemplateError ToError(string message)
    {
        var firstLine = message.Split('\n')[0].Trim();
        var position = Position().Match(firstLine);
        if (!position.Success) return new TemplateError(firstLine);
        var text = firstLine[..position.Index].Trim();
        return new TemplateError(text, int.Parse(position.Groups[1].Value), int.Parse(position.Groups[2].Value));
    }

    [GeneratedRegex(@"at \((\d+):(\d+)\)")]
    private static partial Regex Position();
}
