using System.ComponentModel;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outreach.Core.Newsletters;
using Outreach.Functions.Http;

namespace Outreach.Functions.Newsletters;

/// <summary>The comms team's newsletter issues: draft, edit, preview, test, schedule, cancel.</summary>
public sealed class NewsletterAdminFunctions(IssueService issues, IssueScheduling scheduling)
{
    public const int MaxIssueBytes = 256 * 1024;

    [Function("AdminListNewsletters")]
    [Description("Newsletter issues, newest first: id, subject, status, sendAt, campaignId.")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/newsletters")] HttpRequest request, CancellationToken cancellationToken)
    {
        var all = await issues.ListAsync(cancellationToken);
        return ApiResults.JsonBody(all.Select(i => new { i.Id, i.Content.Subject, i.Status, i.SendAtLocal, i.TimeZone, i.SendAt, i.CampaignId, i.UpdatedAt }));
    }

    [Function("AdminGetNewsletter")]
    [Description("One issue: its content, status, schedule and campaign state.")]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/newsletters/{id}")] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        var issue = await issues.FindAsync(id, cancellationToken);
        if (issue is null) return ApiResults.NotFound("Newsletter");
        return ApiResults.JsonBody(Json(issue, await scheduling.CampaignStateAsync(issue, cancellationToken)));
    }

    [Function("AdminCreateNewsletter")]
    [Description("Drafts an issue { subject, preheader?, templateId?, edition?, editorial (Markdown), sections: [{ title, body (Markdown), link?, linkLabel?, kicker? }], dossier?, audiences, language? } → 201 with its id.")]
    public async Task<IActionResult> Create(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/newsletters")] HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadJsonAsync<IssueContent>(request, MaxIssueBytes, cancellationToken);
        if (!body.Ok) return ApiResults.Unreadable(body.Error);
        return ToResult(await issues.CreateAsync(body.Value!, cancellationToken), StatusCodes.Status201Created);
    }

    [Function("AdminUpdateNewsletter")]
    [Description("Replaces a draft issue's content (same body as create); 409 once it is scheduled (cancel first).")]
    public async Task<IActionResult> Update(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/admin/newsletters/{id}")] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadJsonAsync<IssueContent>(request, MaxIssueBytes, cancellationToken);
        if (!body.Ok) return ApiResults.Unreadable(body.Error);
        return ToResult(await issues.UpdateAsync(id, body.Value!, cancellationToken), StatusCodes.Status200OK);
    }

    [Function("AdminPreviewNewsletter")]
    [Description("The issue rendered as a subscriber would see it (HTML; ?format=text for the plain-text part).")]
    public async Task<IActionResult> Preview(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/newsletters/{id}/preview")] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        var preview = await issues.PreviewAsync(id, cancellationToken);
        if (preview is null) return ApiResults.NotFound("Newsletter");
        return request.Query["format"] == "text" ? ApiResults.Text(preview.Text) : ApiResults.Html(preview.Html);
    }

    [Function("AdminTestNewsletter")]
    [Description("Sends the issue to the given addresses only, subject marked [TEST]: { to: [emails] (1-10) } → 202 { sent }.")]
    public async Task<IActionResult> Test(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/newsletters/{id}/test")] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadJsonAsync<TestSendRequest>(request, cancellationToken: cancellationToken);
        if (!body.Ok) return ApiResults.Unreadable(body.Error);
        var result = await scheduling.SendTestAsync(id, body.Value!, cancellationToken);
        return result.Outcome == IssueOutcome.Ok
            ? ApiResults.JsonBody(new { sent = result.TestsSent }, StatusCodes.Status202Accepted)
            : ToResult(result, StatusCodes.Status202Accepted);
    }

    [Function("AdminScheduleNewsletter")]
    [Description("Schedules the issue: { sendAt: \"2026-12-03T09:00\", timeZone?: \"Europe/Paris\" } or { now: true } → 202 { campaignId }. Published to the archive from that instant.")]
    public async Task<IActionResult> Schedule(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/newsletters/{id}/schedule")] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadJsonAsync<ScheduleRequest>(request, cancellationToken: cancellationToken);
        if (!body.Ok) return ApiResults.Unreadable(body.Error);
        var result = await scheduling.ScheduleAsync(id, body.Value!, cancellationToken);
        return result.Outcome == IssueOutcome.Ok
            ? ApiResults.JsonBody(new { campaignId = result.Issue!.CampaignId, sendAt = result.Issue.SendAtLocal, timeZone = result.Issue.TimeZone, sendAtUtc = result.Issue.SendAt }, StatusCodes.Status202Accepted)
            : ToResult(result, StatusCodes.Status202Accepted);
    }

    [Function("AdminCancelNewsletter")]
    [Description("Cancels a scheduled or running issue: what is not sent stays unsent → 200; 409 when it is not scheduled.")]
    public async Task<IActionResult> Cancel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/newsletters/{id}/cancel")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        ToResult(await scheduling.CancelAsync(id, cancellationToken), StatusCodes.Status200OK);

    private static IActionResult ToResult(IssueResult result, int successStatus) => result.Outcome switch
    {
        IssueOutcome.Ok => ApiResults.JsonBody(Json(result.Issue!, null), successStatus),
        IssueOutcome.NotFound => ApiResults.NotFound("Newsletter"),
        IssueOutcome.Conflict => ApiResults.Problem(409, "The newsletter cannot do that now.", result.Detail),
        _ => ApiResults.Invalid(result.Errors!),
    };

    private static object Json(NewsletterIssue issue, string? campaignState) => new
    {
        issue.Id,
        issue.Status,
        issue.CampaignId,
        campaignState,
        sendAt = issue.SendAtLocal,
        issue.TimeZone,
        sendAtUtc = issue.SendAt,
        issue.CreatedAt,
        issue.UpdatedAt,
        issue.Content.Subject,
        issue.Content.Preheader,
        issue.TemplateId,
        issue.Content.Edition,
        issue.Content.Editorial,
        issue.Content.Sections,
        issue.Content.Dossier,
        issue.Content.Audiences,
        issue.Language,
    };
}
