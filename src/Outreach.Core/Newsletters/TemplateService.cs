using System.Text.RegularExpressions;
using Outreach.Core.Common.Validation;

namespace Outreach.Core.Newsletters;

/// <summary>What a template sent by the team is: its id, name, kind and Liquid source.</summary>
public sealed record TemplateDraft(string? Id, string? Name, string? Kind, string? Source);

public enum TemplateChange
{
    Saved,
    Invalid,
    Conflict,
    NotFound,
}

public sealed record TemplateResult(TemplateChange Change, NewsletterTemplate? Template = null, ValidationErrors? Errors = null, TemplateError? SyntaxError = null);

public static partial class TemplateRules
{
    public const int MaxSourceLength = 200_000;

    public static bool IsValidId(string id) => Id().IsMatch(id);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex Id();
}

/// <summary>
/// Creates and edits templates. A template is saved only when it parses and renders the sample issue (or digest):
/// a syntax error comes back with its line and column, an include or an endless loop is refused too.
/// </summary>
public sealed class TemplateService(TemplateStore store, LiquidTemplates liquid, MailRenderer renderer, SampleViews samples)
{
    public Task<NewsletterTemplate?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        TemplateRules.IsValidId(id) ? store.FindAsync(id, cancellationToken) : Task.FromResult<NewsletterTemplate?>(null);

    public Task<IReadOnlyList<NewsletterTemplate>> ListAsync(CancellationToken cancellationToken = default) => store.ListAsync(cancellationToken);

    public async Task<TemplateResult> CreateAsync(TemplateDraft draft, CancellationToken cancellationToken = default)
    {
        var id = string.IsNullOrWhiteSpace(draft.Id) ? "tpl-" + Guid.NewGuid().ToString("N")[..10] : draft.Id.Trim();
        var checkedTemplate = await CheckAsync(id, draft);
        if (checkedTemplate.Change != TemplateChange.Saved) return checkedTemplate;
        return await store.TryAddAsync(checkedTemplate.Template!, cancellationToken)
            ? checkedTemplate
            : new TemplateResult(TemplateChange.Conflict);
    }

    public async Task<TemplateResult> UpdateAsync(string id, TemplateDraft draft, CancellationToken cancellationToken = default)
    {
        if (!TemplateRules.IsValidId(id)) return new TemplateResult(TemplateChange.NotFound);
        var checkedTemplate = await CheckAsync(id, draft);
        if (checkedTemplate.Change != TemplateChange.Saved) return checkedTemplate;
        return await store.TryReplaceAsync(checkedTemplate.Template!, cancellationToken)
            ? checkedTemplate
            : new TemplateResult(TemplateChange.NotFound);
    }

    /// <summary>Validates fields, then parses and renders the source with sample data.</summary>
    public async Task<TemplateResult> CheckAsync(string id, TemplateDraft draft)
    {
        var errors = new ValidationErrors();
        if (!TemplateRules.IsValidId(id)) errors.Add("id", "id must be 1 to 64 lower-case letters, digits or dashes.");
        if (string.IsNullOrWhiteSpace(draft.Name) || draft.Name.Length > 200) errors.Add("name", "name is required (at most 200 characters).");
        var kind = draft.Kind ?? TemplateKind.Newsletter;
        if (!TemplateKind.All.Contains(kind)) errors.Add("kind", "kind must be newsletter or digest.");
        if (string.IsNullOrWhiteSpace(draft.Source)) errors.Add("source", "source is required.");
        else if (draft.Source.Length > TemplateRules.MaxSourceLength) errors.Add("source", $"source must be at most {TemplateRules.MaxSourceLength} characters.");
        if (!errors.IsValid) return new TemplateResult(TemplateChange.Invalid, Errors: errors);

        var template = new NewsletterTemplate { Id = id, Name = draft.Name!.Trim(), Kind = kind, Source = draft.Source! };
        var error = await TryRenderSampleAsync(template);
        return error is null
            ? new TemplateResult(TemplateChange.Saved, template)
            : new TemplateResult(TemplateChange.Invalid, SyntaxError: error);
    }

    /// <summary>The stored template rendered with its sample issue or digest, as the comms team checks an edit; null when unknown.</summary>
    public async Task<RenderedMail?> PreviewAsync(string id, CancellationToken cancellationToken = default)
    {
        if (await store.FindAsync(id, cancellationToken) is not { } template) return null;
        return await renderer.RenderAsync(template.Source, template.Kind == TemplateKind.Digest ? samples.Digest() : samples.Newsletter());
    }

    /// <summary>Puts the shipped source back in place of an edited default template; NotFound for a template that was not shipped.</summary>
    public async Task<TemplateResult> RestoreShippedAsync(string id, CancellationToken cancellationToken = default) =>
        DefaultTemplates.All.FirstOrDefault(t => t.Id == id) is { } shipped
            ? await UpdateAsync(id, new TemplateDraft(id, shipped.Name, shipped.Kind, shipped.Source), cancellationToken)
            : new TemplateResult(TemplateChange.NotFound);

    private async Task<TemplateError?> TryRenderSampleAsync(NewsletterTemplate template)
    {
        if (!liquid.TryParse(template.Source, out _, out var syntaxError)) return syntaxError;
        try
        {
            var view = template.Kind == TemplateKind.Digest ? samples.Digest() : samples.Newsletter();
            await renderer.RenderAsync(template.Source, view);
            return null;
        }
        catch (TemplateRenderException e)
        {
            return new TemplateError(e.Message);
        }
    }
}
