using System.ComponentModel;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outreach.Core.Newsletters;
using Outreach.Functions.Http;

namespace Outreach.Functions.Newsletters;

/// <summary>Content items for the daily and weekly digests.</summary>
public sealed class ArticleAdminFunctions(ArticleService articles)
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
            : ApiResults.JsonBody(new { article.Id, article.Title, article.Summary, article.Url, article.Audiences, article.PublishedAt, availableAt = article.AvailableAt }, StatusCodes.Status201Created);
    }
}
