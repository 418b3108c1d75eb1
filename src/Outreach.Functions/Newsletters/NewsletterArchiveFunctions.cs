using System.ComponentModel;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outreach.Core.Common.Localization;
using Outreach.Core.Newsletters;
using Outreach.Core.Pages;
using Outreach.Functions.Http;

namespace Outreach.Functions.Newsletters;

/// <summary>The public archive of sent newsletters and their web views (no personal data).</summary>
public sealed class NewsletterArchiveFunctions(NewsletterArchive archive, NewsletterArchivePages pages)
{
    [Function("NewsletterArchive")]
    [Description("The archive of sent newsletters (HTML; ?lang=en).")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/newsletters")] HttpRequest request, CancellationToken cancellationToken) =>
        ApiResults.Html(pages.List(await archive.ListAsync(cancellationToken), request.Language()));

    [Function("NewsletterWebView")]
    [Description("The web view of one sent issue (the mail's \"view in browser\" link); 404 when unknown or not sent yet.")]
    public async Task<IActionResult> WebView(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/newsletters/{issueId}")] HttpRequest request, string issueId, CancellationToken cancellationToken)
    {
        var found = await archive.FindAsync(issueId, cancellationToken);
        return found is { } issue ? ApiResults.Html(pages.WebView(issue.Html)) : ApiResults.Html(pages.NotFound(request.Language()), StatusCodes.Status404NotFound);
    }
}
