using Outreach.Core.Common.Localization;
using Outreach.Core.Newsletters;

namespace Outreach.Core.Mail.Templates;

/// <summary>What the mail layout puts around a body: language, title, preheader, the footer's links and who sends.</summary>
public sealed record MailFrame(string Language, string Title, string Preheader, LinksView Links, OrganisationView Organisation, AudienceView Audience);

/// <summary>
/// The one layout of every mail (<c>layout.liquid</c>): fluid up to 600 px, a media query for small screens and dark
/// mode kept in <c>&lt;head&gt;</c>, the preheader, "view in browser" and the footer. A body template writes the rows of
/// the column; a stored template that is a whole document (an older newsletter layout) is sent as it is.
/// </summary>
public sealed class MailLayout(LiquidTemplates liquid)
{
    public static string Source { get; } = ShippedMailTemplates.Read("layout.liquid");

    /// <summary>Renders the body template with its variables (plus <c>t</c>, the wording), then the layout around it; CSS inlined.</summary>
    public async Task<string> RenderAsync(string bodySource, IReadOnlyDictionary<string, object?> variables, MailFrame frame)
    {
        var wording = Wording(frame.Language);
        var body = await liquid.RenderAsync(bodySource, new Dictionary<string, object?>(variables) { ["t"] = wording });
        if (IsWholeDocument(body)) return MailCss.Inline(body);

        var html = await liquid.RenderAsync(Source, new Dictionary<string, object?>
        {
            ["lang"] = frame.Language,
            ["title"] = frame.Title,
            ["preheader"] = frame.Preheader,
            ["links"] = frame.Links,
            ["organisation"] = frame.Organisation,
            ["audience"] = frame.Audience,
            ["t"] = wording,
            ["content"] = new SafeHtml(body),
        });
        return MailCss.Inline(html);
    }

    /// <summary>The <c>mail.*</c> strings of a language, as <c>t.footer_unsubscribe</c>… in templates.</summary>
    public static IReadOnlyDictionary<string, object?> Wording(string language) =>
        Strings.Shared.All(language)
            .Where(pair => pair.Key.StartsWith("mail.", StringComparison.Ordinal))
            .ToDictionary(pair => pair.Key["mail.".Length..].Replace('.', '_'), pair => (object?)pair.Value);

    private static bool IsWholeDocument(string html) => html.AsSpan().TrimStart().StartsWith("<!DOCTYPE", StringComparison.OrdinalIgnoreCase)
        || html.Contains("<html", StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// Moves the CSS into style attributes (what Outlook and Gmail honour) and keeps only the media queries in
/// <c>&lt;head&gt;</c>, with the classes they select, for the clients that read them (small screens, dark mode).
/// </summary>
public static class MailCss
{
    public static string Inline(string html) =>
        PreMailer.Net.PreMailer.MoveCssInline(html, removeStyleElements: true, stripIdAndClassAttributes: false, removeComments: false, preserveMediaQueries: true).Html;
}

/// <summary>The mail templates shipped with the app (<c>Mail/Templates/*.liquid</c>), embedded in the assembly.</summary>
public static class ShippedMailTemplates
{
    public static string Read(string fileName)
    {
        var assembly = typeof(ShippedMailTemplates).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith("Mail.Templates." + fileName, StringComparison.Ordinal));
        using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
        return reader.ReadToEnd();
    }
}
