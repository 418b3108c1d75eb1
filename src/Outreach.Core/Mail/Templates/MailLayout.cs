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
        var body = await liquid.RenderAsync(bodySource, new Dictionary<string, object?>(variables) { ["t"] = Wording(frame.Language) });
        return IsWholeDocument(body) ? MailCss.Inline(body) : await WrapAsync(body, frame);
    }

    /// <summary>Puts rendered rows of the column inside the layout; CSS inlined.</summary>
    public async Task<string> WrapAsync(string body, MailFrame frame)
    {
        var html = await liquid.RenderAsync(Source, new Dictionary<string, object?>
        {
            ["lang"] = frame.Language,
            ["title"] = frame.Title,
            ["preheader"] = frame.Preheader,
            ["links"] = frame.Links,
            ["organisation"] = frame.Organisation,
            ["audience"] = frame.Audience,
            ["t"] = Wording(frame.Language),
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

/// <summary>
/// The mail templates shipped with the app, embedded in the assembly: the layout (<c>Mail/Templates/layout.liquid</c>)
/// and one body per mail and language (<c>Mail/Templates/fr/confirmation.liquid</c>…).
/// </summary>
public static class ShippedMailTemplates
{
    private const string Folder = "Mail.Templates.";

    public static string Read(string fileName)
    {
        var assembly = typeof(ShippedMailTemplates).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith(Folder + fileName, StringComparison.Ordinal));
        using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
        return reader.ReadToEnd();
    }

    /// <summary>The shipped body of one mail in one language; null when none is shipped.</summary>
    public static string? Find(string language, string name) =>
        All.FirstOrDefault(t => t.Language == language && t.Name == name)?.Source;

    /// <summary>Every shipped mail body (not the layout), by language and name.</summary>
    public static IReadOnlyList<ShippedMailTemplate> All { get; } = ReadAll();

    private static List<ShippedMailTemplate> ReadAll()
    {
        var found = new List<ShippedMailTemplate>();
        foreach (var resource in typeof(ShippedMailTemplates).Assembly.GetManifestResourceNames())
        {
            var at = resource.IndexOf(Folder, StringComparison.Ordinal);
            if (at < 0 || !resource.EndsWith(".liquid", StringComparison.Ordinal)) continue;
            var parts = resource[(at + Folder.Length)..^".liquid".Length].Split('.');
            if (parts is not [var language, var name]) continue;
            found.Add(new ShippedMailTemplate(language, name, Read($"{language}.{name}.liquid")));
        }

        return found;
    }
}

public sealed record ShippedMailTemplate(string Language, string Name, string Source);
