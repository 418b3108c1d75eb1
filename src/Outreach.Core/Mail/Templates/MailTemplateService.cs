using Outreach.Core.Newsletters;

namespace Outreach.Core.Mail.Templates;

/// <summary>A mail template as the team sees it: which mail, which language, what it is for, its source.</summary>
public sealed record MailTemplateView(string Language, string Name, string Purpose, bool Marketing, bool Edited, DateTimeOffset UpdatedAt, string? Source);

public enum MailTemplateChange
{
    Saved,
    Invalid,
    NotFound,
}

public sealed record MailTemplateResult(MailTemplateChange Change, MailTemplateView? Template = null, TemplateError? Error = null);

/// <summary>
/// Lists, reads and replaces the mail templates. A source is saved only when it parses and renders its mail's sample
/// (subject included): a syntax error comes back with its line and column, an include or an endless loop is refused.
/// </summary>
public sealed class MailTemplateService(MailTemplateStore store, MailTemplateCatalog catalog, MailTemplateRenderer renderer, LiquidTemplates liquid)
{
    public async Task<IReadOnlyList<MailTemplateView>> ListAsync(CancellationToken cancellationToken = default)
    {
        var stored = await store.ListAsync(cancellationToken);
        return stored.Select(t => (Template: t, Kind: catalog.Find(t.Name)))
            .Where(pair => pair.Kind is not null)
            .Select(pair => View(pair.Template, pair.Kind!, withSource: false))
            .OrderBy(v => v.Name, StringComparer.Ordinal).ThenBy(v => v.Language, StringComparer.Ordinal)
            .ToList();
    }

    public async Task<MailTemplateView?> FindAsync(string language, string name, CancellationToken cancellationToken = default)
    {
        if (!MailTemplateCatalog.IsLanguage(language) || catalog.Find(name) is not { } kind) return null;
        var stored = await store.FindAsync(language, name, cancellationToken);
        return stored is null ? null : View(stored, kind, withSource: true);
    }

    public async Task<MailTemplateResult> SaveAsync(string language, string name, string? source, CancellationToken cancellationToken = default)
    {
        if (!MailTemplateCatalog.IsLanguage(language) || catalog.Find(name) is not { } kind) return new MailTemplateResult(MailTemplateChange.NotFound);
        var error = await CheckAsync(kind, language, source);
        if (error is not null) return new MailTemplateResult(MailTemplateChange.Invalid, Error: error);
        var saved = await store.SaveAsync(language, name, source!, cancellationToken);
        return new MailTemplateResult(MailTemplateChange.Saved, View(saved, kind, withSource: true));
    }

    /// <summary>Puts the shipped file back in place of an edited template (a template never edited is saved as it was).</summary>
    public async Task<MailTemplateResult> RestoreShippedAsync(string language, string name, CancellationToken cancellationToken = default)
    {
        if (!MailTemplateCatalog.IsLanguage(language) || catalog.Find(name) is not { } kind || ShippedMailTemplates.Find(language, name) is not { } shipped)
            return new MailTemplateResult(MailTemplateChange.NotFound);
        var saved = await store.SaveAsync(language, name, shipped, cancellationToken);
        return new MailTemplateResult(MailTemplateChange.Saved, View(saved, kind, withSource: true));
    }

    /// <summary>The stored template rendered with its sample, as the comms team checks an edit; null when unknown.</summary>
    public async Task<ComposedMail?> PreviewAsync(string language, string name, CancellationToken cancellationToken = default)
    {
        if (!MailTemplateCatalog.IsLanguage(language) || catalog.Find(name) is not { } kind) return null;
        var source = await store.SourceAsync(language, name, cancellationToken);
        return await renderer.RenderSourceAsync(source, language, kind.Sample(language), SampleFooter(kind));
    }

    /// <summary>Null when the source is fit to send: it parses, renders the sample and sets a subject.</summary>
    public async Task<TemplateError?> CheckAsync(MailTemplateKind kind, string language, string? source)
    {
        if (string.IsNullOrWhiteSpace(source)) return new TemplateError("source is required.");
        if (source.Length > TemplateRules.MaxSourceLength) return new TemplateError($"source must be at most {TemplateRules.MaxSourceLength} characters.");
        if (!liquid.TryParse(source, out _, out var syntaxError)) return syntaxError;
        try
        {
            await renderer.RenderSourceAsync(source, language, kind.Sample(language), SampleFooter(kind));
            return null;
        }
        catch (TemplateRenderException e)
        {
            return new TemplateError(e.Message);
        }
    }

    private static MailFooter SampleFooter(MailTemplateKind kind) => kind.Marketing
        ? new MailFooter("https://outreach.example.org/api/unsubscribe?token=sample", "https://outreach.example.org/api/preferences?token=sample", "La Newsletter")
        : MailFooter.None;

    private static MailTemplateView View(StoredMailTemplate template, MailTemplateKind kind, bool withSource) => new(
        template.Language, template.Name, kind.Purpose, kind.Marketing,
        Edited: ShippedMailTemplates.Find(template.Language, template.Name) != template.Source,
        template.UpdatedAt, withSource ? template.Source : null);
}
