using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Outreach.Core.Campaigns.Rendering;
using Outreach.Core.Common.Configuration;
using Outreach.Core.Common.Localization;
using Outreach.Core.Newsletters;

namespace Outreach.Core.Mail.Templates;

/// <summary>A mail rendered from its template: the subject and preheader it captured, the HTML in the layout, the text part.</summary>
public sealed record ComposedMail(string Subject, string Preheader, string Html, string Text);

/// <summary>The footer's per-recipient links and the list they name; <see cref="None"/> for transactional mail (no unsubscribe).</summary>
public sealed record MailFooter(string Unsubscribe, string Preferences, string AudienceName)
{
    public static MailFooter None { get; } = new("", "", "");
}

/// <summary>Where the body of a mail template is read from: the template store (what the team edited), else the shipped file.</summary>
public interface IMailTemplateSource
{
    Task<string> SourceAsync(string language, string name, CancellationToken cancellationToken = default);
}

/// <summary>The shipped files only (no storage): what a mail says before anyone edits it.</summary>
public sealed class ShippedMailTemplateSource : IMailTemplateSource
{
    public Task<string> SourceAsync(string language, string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(ShippedMailTemplates.Find(Language.From(language), name) ?? throw new ArgumentException($"No mail template {language}/{name}.", nameof(name)));
}

/// <summary>
/// Renders a mail body template (its rows of the column, <c>{% capture subject %}</c> and optionally a preheader) with its
/// variables plus <c>lang</c>, <c>t</c> (the <c>mail.*</c> strings) and <c>organisation</c>, then puts it in the one mail
/// layout. The text part is written from the same HTML, links as "label : url".
/// </summary>
public sealed partial class MailTemplateRenderer(IMailTemplateSource templates, LiquidTemplates liquid, IOptions<OutreachOptions> outreach, IOptions<NewsletterOptions> newsletters)
{
    private readonly MailLayout layout = new(liquid);

    public async Task<ComposedMail> RenderAsync(string name, string language, IReadOnlyDictionary<string, object?> variables, MailFooter? footer = null, CancellationToken cancellationToken = default)
    {
        var source = await templates.SourceAsync(language, name, cancellationToken);
        return await RenderSourceAsync(source, language, variables, footer ?? MailFooter.None);
    }

    /// <summary>Renders a given source (an edited template being checked, or the stored one).</summary>
    public async Task<ComposedMail> RenderSourceAsync(string source, string language, IReadOnlyDictionary<string, object?> variables, MailFooter footer)
    {
        var organisation = Organisation();
        var body = await liquid.RenderCapturingAsync(source, new Dictionary<string, object?>(variables)
        {
            ["lang"] = language,
            ["t"] = MailLayout.Wording(language),
            ["organisation"] = organisation,
        }, "subject", "preheader");
        var subject = OneLine(body.Captured["subject"]);
        if (subject.Length == 0) throw new TemplateRenderException("The template must set the subject: {% capture subject %}…{% endcapture %}.", new FormatException("no subject"));
        var preheader = OneLine(body.Captured["preheader"]);

        var links = new LinksView { Unsubscribe = footer.Unsubscribe, Preferences = footer.Preferences, Archive = "", Signup = "" };
        var frame = new MailFrame(language, subject, preheader, links, organisation, new AudienceView { Id = "", Name = footer.AudienceName });
        var html = await layout.WrapAsync(body.Output, frame);
        var textSource = preheader.Length == 0 ? html : await layout.WrapAsync(body.Output, frame with { Preheader = "" });
        return new ComposedMail(subject, preheader, html, PlainText.FromHtml(textSource, urlAfterColon: true));
    }

    private OrganisationView Organisation() => new()
    {
        Name = newsletters.Value.OrganisationName,
        PostalAddress = outreach.Value.PostalAddress,
        Website = newsletters.Value.WebsiteUrl,
    };

    /// <summary>A captured subject is HTML-encoded like everything the template prints: decoded, on one line.</summary>
    private static string OneLine(string captured) => Whitespace().Replace(WebUtility.HtmlDecode(captured), " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
