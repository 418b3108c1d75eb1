using System.ComponentModel;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outreach.Core.Newsletters;
using Outreach.Functions.Http;

namespace Outreach.Functions.Newsletters;

/// <summary>Content items for the daily and weekly digests.</summary>
public sealed class ArticleAdminFunctions(ArticleService articles, DigestDesk digests)
{
    [Function("AdminCreateArticle")]
    [Description("Adds an article for the digests { title, summary?, url, audiences, publishedAt? } → 201 with its id; 409 when its link is already known.")]
    public async Task<IActionResult> Create(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/articles")] HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadJsonAsync<ArticleDraft>(request, cancellationToken: cancellationToken);
        if (!body.Ok) return ApiResults.Unreadable(body.Error);
        var result = await articles.AddAsync(body.Value!, cancellationToken);
        if (!result.Errors.IsValid) return ApiResults.Invalid(result.Errors);
        var article = result.Article!;
        return result.Outcome == ArticleAdded.Duplicate
            ? ApiResults.Problem(409, "An article with this link already exists.", article.Url)
            : ApiResults.JsonBody(DigestJson.Article(article), StatusCodes.Status201Created);
    }

    [Function("AdminListArticles")]
    [Description("An audience's articles: ?audience=ID gives what its next digest will carry; with &from=yyyy-MM-dd, every one available since that day (at most 200).")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/articles")] HttpRequest request, CancellationToken cancellationToken)
    {
        var found = await digests.ArticlesAsync(request.Query["audience"].ToString(), request.Query["from"], cancellationToken);
        return found is null
            ? ApiResults.Invalid(new() { { "audience", "Name an audience that has a digest, and a from day such as 2026-10-01 if any." } })
            : ApiResults.JsonBody(new { items = found.Select(DigestJson.Article) });
    }

    [Function("AdminEditArticle")]
    [Description("Changes an article's title and summary { title, summary? } (its link and audiences stay) → 200; 404 for an unknown id.")]
    public async Task<IActionResult> Edit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/admin/articles/{id}")] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadJsonAsync<ArticleDraft>(request, cancellationToken: cancellationToken);
        if (!body.Ok) return ApiResults.Unreadable(body.Error);
        var result = await articles.EditAsync(id, body.Value!, cancellationToken);
        if (!result.Errors.IsValid) return ApiResults.Invalid(result.Errors);
        return result.Article is null ? ApiResults.NotFound("Article") : ApiResults.JsonBody(DigestJson.Article(result.Article));
    }

    [Function("AdminDeleteArticle")]
    [Description("Deletes an article: no digest carries it any more → 204; 404 for an unknown id.")]
    public async Task<IActionResult> Delete(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/admin/articles/{id}")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        await articles.DeleteAsync(id, cancellationToken) ? new NoContentResult() : ApiResults.NotFound("Article");
}
