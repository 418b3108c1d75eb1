using System.ComponentModel;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outreach.Core.Common.Time;
using Outreach.Core.Newsletters;
using Outreach.Functions.Http;

namespace Outreach.Functions.Newsletters;

/// <summary>The automatic sends desk: each digest's schedule and next period, its preview, and holding, approving or skipping it.</summary>
public sealed class DigestAdminFunctions(DigestDesk desk, FeedPoller feeds)
{
    [Function("AdminListDigests")]
    [Description("Each digest audience: schedule (days, local time), review mode, next period (key, local due time, state: scheduled, held, approved, claimed, sent, empty, skipped, failed) and the articles it will carry.")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/digests")] HttpRequest request, CancellationToken cancellationToken) =>
        ApiResults.JsonBody((await desk.ListAsync(cancellationToken)).Select(DigestJson.Overview));

    [Function("AdminListFeeds")]
    [Description("The configured RSS/Atom feeds (Articles:Feeds) with their last poll: when, how many new articles, or the error that stopped it.")]
    public async Task<IActionResult> Feeds(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/feeds")] HttpRequest request, CancellationToken cancellationToken) =>
        ApiResults.JsonBody(await feeds.StatusAsync(cancellationToken));

    [Function("AdminUpdateDigest")]
    [Description("Changes a digest's schedule { days?: [\"Monday\", …], time?: \"08:30\", reviewBeforeSend?: bool } (stored; the app settings are the defaults) → 200 with the digest; 400 field by field; 404 for an audience without a digest.")]
    public async Task<IActionResult> Update(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/admin/digests/{audienceId}")] HttpRequest request, string audienceId, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadJsonAsync<DigestSettingsDraft>(request, cancellationToken: cancellationToken);
        if (!body.Ok) return ApiResults.Unreadable(body.Error);
        var (digest, errors) = await desk.UpdateAsync(audienceId, body.Value!, cancellationToken);
        if (!errors.IsValid) return ApiResults.Invalid(errors);
        return digest is null ? ApiResults.NotFound("Digest") : ApiResults.JsonBody(DigestJson.Overview(digest));
    }

    [Function("AdminPreviewNextDigest")]
    [Description("The audience's next digest as a subscriber would get it, with the articles it will carry (HTML).")]
    public async Task<IActionResult> Preview(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/digests/{audienceId}/next/preview")] HttpRequest request, string audienceId, CancellationToken cancellationToken) =>
        await desk.PreviewAsync(audienceId, cancellationToken) is { } mail ? ApiResults.Html(mail.Html) : ApiResults.NotFound("Digest");

    [Function("AdminHoldNextDigest")]
    [Description("Holds the next period for review: the timer does not send it until a publisher approves → 200 with the digest; 409 once it is sent or skipped.")]
    public async Task<IActionResult> Hold(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/digests/{audienceId}/next/hold")] HttpRequest request, string audienceId, CancellationToken cancellationToken) =>
        await ReviewedAsync(audienceId, desk.HoldAsync(audienceId, cancellationToken), cancellationToken);

    [Function("AdminApproveNextDigest")]
    [Description("Approves the next period: it goes at the timer's next wake-up (once) → 200 with the digest; 409 once it is sent or skipped.")]
    public async Task<IActionResult> Approve(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/digests/{audienceId}/next/approve")] HttpRequest request, string audienceId, CancellationToken cancellationToken) =>
        await ReviewedAsync(audienceId, desk.ApproveAsync(audienceId, cancellationToken), cancellationToken);

    [Function("AdminSkipNextDigest")]
    [Description("Skips the next period: nothing is sent for it and its articles wait for the following one → 200 with the digest; 409 once it is sent or skipped.")]
    public async Task<IActionResult> Skip(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/digests/{audienceId}/next/skip")] HttpRequest request, string audienceId, CancellationToken cancellationToken) =>
        await ReviewedAsync(audienceId, desk.SkipAsync(audienceId, cancellationToken), cancellationToken);

    private async Task<IActionResult> ReviewedAsync(string audienceId, Task<DigestReview> review, CancellationToken cancellationToken) => await review switch
    {
        DigestReview.NotFound => ApiResults.NotFound("Digest"),
        DigestReview.TooLate => ApiResults.Problem(StatusCodes.Status409Conflict, "This period's digest is sent, skipped or going out already."),
        _ => ApiResults.JsonBody(DigestJson.Overview((await desk.FindAsync(audienceId, cancellationToken))!)),
    };
}

/// <summary>The JSON shapes of the automatic sends desk.</summary>
public static class DigestJson
{
    public static object Overview(DigestOverview digest) => new
    {
        audience = digest.Schedule.Audience,
        days = digest.Schedule.Days.Select(d => d.ToString()),
        time = digest.Schedule.Time,
        reviewBeforeSend = digest.Schedule.ReviewBeforeSend,
        next = new
        {
            period = digest.Next.Key,
            dueAt = digest.Next.DueAt,
            localDue = ZonedTime.FormatLocal(digest.Next.LocalDate.ToDateTime(digest.Schedule.LocalTime)),
            state = digest.NextState,
            articles = digest.NextArticles.Count,
        },
        articles = digest.NextArticles.Select(Article),
    };

    public static object Article(Article article) => new { article.Id, article.Title, article.Summary, article.Url, article.Audiences, article.PublishedAt, availableAt = article.AvailableAt, article.Source };
}
