using System.Text;
using Outreach.Core.Common.Links;
using Outreach.Core.Common.Localization;
using Outreach.Core.Common.Time;
using Outreach.Core.Newsletters;
using Outreach.Core.Pages.Archive;
using Outreach.Core.Pages.Rendering;
using Outreach.Core.Pages.Shared;
using Outreach.Core.Subscriptions;

namespace Outreach.Core.Pages;

/// <summary>The public list of sent newsletters; each links to its web view.</summary>
public sealed class NewsletterArchivePages(PageRenderer renderer, NewsletterViews views, PublicUrls urls)
{
    /// <summary>
    /// The archived copy as served: our own links made root-relative (the copy keeps the absolute links of the mail),
    /// so the web view works whatever host name served it.
    /// </summary>
    public string WebView(string archivedHtml) => archivedHtml.Replace($"\"{urls.BaseUrl}/api/", "\"/api/", StringComparison.Ordinal);

    public HtmlPage List(IReadOnlyList<ArchivedIssue> issues, string language) =>
        renderer.Page<ArchivePage, ArchivePageModel>(language, new(
            issues.Select(issue => new ArchiveEntry(urls.OnPage(views.WebViewUrl(issue.Id)), issue.Subject, Edition(issue, language), issue.Preheader)).ToList(),
            urls.OnPage(views.SignupUrl(language)),
            PublicUrls.WithLanguage(urls.OnPage(views.ArchiveUrl), Language.Other(language))));

    public HtmlPage NotFound(string language) =>
        renderer.Page<MessagePage, MessagePageModel>(language, new MessagePageModel("archive.not_found.title", MessageKind.Problem, "archive.not_found.text")
        {
            LinkKey = "archive.all",
            LinkUrl = urls.OnPage(views.ArchiveUrl),
        });

    private string Edition(ArchivedIssue issue, string language) =>
        issue.Edition.Length > 0 ? issue.Edition : DateLabels.Month(ZonedTime.ToLocal(issue.PublishedAt, views.Zone), language);
}
