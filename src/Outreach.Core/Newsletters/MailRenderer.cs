using System.Text;
using Outreach.Core.Common.Localization;
using Outreach.Core.Mail.Templates;

namespace Outreach.Core.Newsletters;

/// <summary>A mail body ready to send: mail-safe HTML (CSS inlined) and its plain-text alternative.</summary>
public sealed record RenderedMail(string Subject, string Html, string Text);

/// <summary>
/// Renders a newsletter or a digest: the Liquid template gives the HTML, PreMailer moves its CSS into style
/// attributes (what Outlook and Gmail honour), and the text part is written from the same view.
/// </summary>
public sealed class MailRenderer(LiquidTemplates liquid)
{
    private readonly MailLayout layout = new(liquid);

    public async Task<RenderedMail> RenderAsync(string templateSource, MailView view)
    {
        var subject = SubjectOf(view);
        var frame = new MailFrame(view.Language, subject, view.Issue?.Preheader ?? "", view.Links, view.Organisation, view.Audience);
        var html = await layout.RenderAsync(templateSource, TemplateModel.Variables(view), frame);
        return new RenderedMail(subject, html, MailText.Of(view));
    }

    public static string SubjectOf(MailView view) =>
        view.Issue?.Subject ?? (view.Digest is { } digest ? $"{digest.Title} · {digest.PeriodLabel}" : "");

}

/// <summary>The plain-text alternative of a newsletter or a digest, from the same view as the HTML.</summary>
public static class MailText
{
    public static string Of(MailView view)
    {
        var text = new StringBuilder();
        if (view.Issue is { } issue) AppendIssue(text, issue, view);
        if (view.Digest is { } digest) AppendDigest(text, digest, view);
        AppendEvents(text, view);
        AppendFooter(text, view);
        return text.ToString().Replace("\r\n", "\n");
    }

    private static void AppendIssue(StringBuilder text, IssueView issue, MailView view)
    {
        if (view.Links.ViewInBrowser.Length > 0)
            text.Append(T(view, "mail.view_in_browser")).Append(" : ").Append(view.Links.ViewInBrowser).Append("\n\n");
        text.Append(view.Organisation.Name).Append(" · ").Append(view.Audience.Name).Append('\n');
        Heading(text, issue.Subject, '=');
        if (issue.DateLabel.Length > 0) text.Append(issue.DateLabel).Append("\n\n");
        text.Append(view.Recipient.Greeting).Append("\n\n");
        Paragraph(text, issue.EditorialText);
        if (issue.Dossier is { } dossier) AppendSection(text, dossier);
        foreach (var section in issue.Sections) AppendSection(text, section);
    }

    private static void AppendSection(StringBuilder text, SectionView section)
    {
        if (section.Kicker.Length > 0) text.Append(section.Kicker.ToUpperInvariant()).Append('\n');
        Heading(text, section.Title, '-');
        Paragraph(text, section.BodyText);
        if (section.Link.Length > 0) text.Append(section.LinkLabel).Append(" : ").Append(section.Link).Append("\n\n");
    }

    private static void AppendDigest(StringBuilder text, DigestView digest, MailView view)
    {
        text.Append(view.Organisation.Name).Append('\n');
        Heading(text, digest.Title, '=');
        text.Append(digest.PeriodLabel).Append("\n\n").Append(view.Recipient.Greeting).Append("\n\n");
        foreach (var article in digest.Articles)
        {
            text.Append("* ").Append(article.Title).Append('\n');
            if (article.PublishedLabel.Length > 0) text.Append("  ").Append(article.PublishedLabel).Append('\n');
            if (article.Summary.Length > 0) text.Append("  ").Append(article.Summary).Append('\n');
            text.Append("  ").Append(article.Url).Append("\n\n");
        }
    }

    private static void AppendEvents(StringBuilder text, MailView view)
    {
        if (view.Events.Count == 0) return;
        Heading(text, T(view, "mail.upcoming_webinars"), '-');
        foreach (var e in view.Events)
            text.Append("* ").Append(e.Series.Length > 0 ? e.Series + " : " : "").Append(e.Title).Append("\n  ").Append(e.When).Append("\n  ").Append(e.Url)
                .Append("\n  ").Append(T(view, "mail.register_one_click")).Append(" : ").Append(e.RegisterUrl).Append("\n\n");
    }

    private static void AppendFooter(StringBuilder text, MailView view)
    {
        text.Append("--\n");
        if (view.Links.Unsubscribe.Length > 0)
        {
            text.Append(T(view, "mail.footer_reason").Replace("{0}", view.Audience.Name)).Append('\n')
                .Append(T(view, "mail.footer_preferences")).Append(" : ").Append(view.Links.Preferences).Append('\n')
                .Append(T(view, "mail.footer_unsubscribe")).Append(" : ").Append(view.Links.Unsubscribe).Append('\n');
        }
        else
        {
            text.Append(T(view, "mail.subscribe")).Append(" : ").Append(view.Links.Signup).Append('\n');
        }

        text.Append(T(view, "mail.footer_archive")).Append(" : ").Append(view.Links.Archive).Append('\n')
            .Append(view.Organisation.Name).Append(" · ").Append(view.Organisation.PostalAddress).Append('\n');
    }

    private static void Heading(StringBuilder text, string title, char underline) =>
        text.Append(title).Append('\n').Append(underline, Math.Min(title.Length, 72)).Append("\n\n");

    private static void Paragraph(StringBuilder text, string paragraph)
    {
        if (paragraph.Length > 0) text.Append(paragraph).Append("\n\n");
    }

    private static string T(MailView view, string key) => Strings.Shared.For(view.Language)[key];
}
