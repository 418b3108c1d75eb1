using System.Text;
using Outreach.Core.Common.Localization;
using Outreach.Core.Common.Time;
using Outreach.Core.Newsletters;

namespace Outreach.Core.Pages;

/// <summary>The public list of sent newsletters; each links to its web view.</summary>
public sealed class NewsletterArchivePages(NewsletterViews views, Outreach.Core.Subscriptions.SubscriptionLinks links)
{
    /// <summary>
    /// The archived copy as served: our own links made root-relative (the copy keeps the absolute links of the mail),
    /// so the web view works whatever host name served it.
    /// </summary>
    public string WebView(string archivedHtml) => archivedHtml.Replace($"\"{links.BaseUrl}/api/", "\"/api/", StringComparison.Ordinal);

    public string List(IReadOnlyList<ArchivedIssue> issues, string language)
    {
        var body = new StringBuilder();
        if (issues.Count == 0)
        {
            body.Append("<p>").Append(Html.Encode(Language.T(language, "Aucune lettre n'a encore été envoyée.", "No newsletter has been sent yet."))).Append("</p>\n");
        }
        else
        {
            body.Append("<ul class=\"archive\">\n");
            foreach (var issue in issues)
            {
                body.Append("<li><a href=\"").Append(Html.Encode(links.OnPage(views.WebViewUrl(issue.Id)))).Append("\">").Append(Html.Encode(issue.Subject)).Append("</a>");
                var edition = issue.Edition.Length > 0 ? issue.Edition : LocalTime.MonthLabel(LocalTime.ToLocal(issue.PublishedAt, views.Zone), language);
                body.Append(" <small>").Append(Html.Encode(edition)).Append("</small>");
                if (issue.Preheader.Length > 0) body.Append("<br><span>").Append(Html.Encode(issue.Preheader)).Append("</span>");
                body.Append("</li>\n");
            }

            body.Append("</ul>\n");
        }

        body.Append("<footer><a href=\"").Append(Html.Encode(links.OnPage(views.SignupUrl(language)))).Append("\">")
            .Append(Html.Encode(Language.T(language, "S'inscrire à nos lettres", "Subscribe to our newsletters"))).Append("</a></footer>\n");
        return PageLayout.Render(language, Language.T(language, "Les newsletters", "Newsletters"), body.ToString(),
            links.OnPage(views.ArchiveUrl) + (language == Language.English ? "" : "?lang=en"));
    }

    public string NotFound(string language) =>
        PageLayout.Render(language, Language.T(language, "Lettre introuvable", "Newsletter not found"),
            $"<p>{Html.Encode(Language.T(language, "Cette lettre n'existe pas ou n'est pas encore publiée.", "This newsletter does not exist or is not published yet."))}</p>\n" +
            $"<p><a href=\"{Html.Encode(links.OnPage(views.ArchiveUrl))}\">{Html.Encode(Language.T(language, "Toutes les newsletters", "All newsletters"))}</a></p>");
}
