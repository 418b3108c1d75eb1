using System.ComponentModel;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outreach.Core.Campaigns;
using Outreach.Core.Common.Validation;
using Outreach.Core.Subscriptions;
using Outreach.Functions.Http;

namespace Outreach.Functions.Campaigns;

/// <summary>The comms team's campaign endpoints: create (now or at a local time), follow, cancel, test.</summary>
public sealed class CampaignAdminFunctions(CampaignService campaigns)
{
    /// <summary>A campaign's HTML may be large (inline styles, images by URL); 2 MB covers any real newsletter.</summary>
    public const int MaxCampaignBytes = 2 * 1024 * 1024;

    /// <summary>The header that makes a create safe to retry: the same key and body give the same campaign.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    [Function("AdminCreateCampaign")]
    [Description("Creates a campaign { subject, preheader?, html, text?, audiences: [ids], segment?: id (then audiences is empty or that segment's audience), sendAt?: \"2026-12-03T09:00\" (local), timeZone?: \"Europe/Paris\", kind?, categories?, sourceId?, language?: fr|en, appendFooter?: true } → 201 { id, state, dueAt }. Without sendAt it leaves now. With an Idempotency-Key header (1-255 visible ASCII characters, e.g. a UUID) a retry with the same key and body answers 200 with the same campaign (never a second one, also after a 500); the same key with another body is a 422. Placeholders: {{firstName}}, {{firstName|fallback}}, {{email}}, {{unsubscribeUrl}}, {{preferencesUrl}}, {{audienceName}}.")]
    public async Task<IActionResult> Create(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/campaigns")] HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadJsonAsync<CampaignJson>(request, MaxCampaignBytes, cancellationToken);
        if (!body.Ok) return ApiResults.Unreadable(body.Error);
        var (when, errors) = body.Value!.Schedule();
        if (!errors.IsValid) return ApiResults.Invalid(errors);

        var key = request.Headers[IdempotencyKeyHeader].FirstOrDefault();
        var created = await campaigns.CreateAndScheduleAsync(body.Value.ToDraft(), when!, key, cancellationToken);
        if (created.Outcome == HandOverOutcome.KeyReused)
            return ApiResults.Problem(StatusCodes.Status422UnprocessableEntity, "This Idempotency-Key was already used for another campaign request.", "Send a new key for a new campaign.");
        if (!created.Created) return ApiResults.Invalid(created.Errors);
        var status = await campaigns.GetAsync(created.Id!, cancellationToken);
        var result = ApiResults.JsonBody(new { id = created.Id, state = status?.State, dueAt = status?.DueAt, sendAt = status?.SendAt, timeZone = status?.TimeZone },
            created.Repeated ? StatusCodes.Status200OK : StatusCodes.Status201Created);
        request.HttpContext.Response.Headers.Location = $"/api/admin/campaigns/{created.Id}";
        return result;
    }

    [Function("AdminListCampaigns")]
    [Description("The most recent campaigns, newest first (?count=1..200, default 50), without counts.")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/campaigns")] HttpRequest request, CancellationToken cancellationToken)
    {
        var count = 50;
        if (request.Query["count"].FirstOrDefault() is { } text && (!int.TryParse(text, out count) || count is < 1 or > 200))
            return ApiResults.Invalid(new ValidationErrors { { "count", "count must be a whole number from 1 to 200." } });
        var recent = await campaigns.ListRecentAsync(count, cancellationToken);
        return ApiResults.JsonBody(recent.Select(c => new { c.Id, c.State, c.Kind, c.SourceId, c.Subject, c.Audiences, c.SendAt, c.TimeZone, c.DueAt, c.CreatedAt, c.StartedAt, c.FinishedAt }));
    }

    [Function("AdminGetCampaign")]
    [Description("A campaign's state (draft, scheduled, sending, sent, cancelled, failed) and counts (planned, sent, failed, suppressed, unknown, cancelled, pending; delivered, opened, clicked, bounced… from SendGrid's events), with the problems met.")]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/campaigns/{id}")] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        var status = await campaigns.GetAsync(id, cancellationToken);
        return status is null ? ApiResults.NotFound("Campaign") : ApiResults.JsonBody(status);
    }

    [Function("AdminCancelCampaign")]
    [Description("Cancels a scheduled or sending campaign: what is not sent yet stays unsent → 200 with the campaign; 409 when it is already sent.")]
    public async Task<IActionResult> Cancel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/campaigns/{id}/cancel")] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        var outcome = await campaigns.CancelAsync(id, cancellationToken);
        if (outcome == CancelOutcome.NotFound) return ApiResults.NotFound("Campaign");
        if (outcome == CancelOutcome.AlreadyFinished) return ApiResults.Problem(409, "The campaign is already finished; nothing is left to cancel.");
        return ApiResults.JsonBody((await campaigns.GetAsync(id, cancellationToken))!);
    }

    [Function("AdminTestCampaign")]
    [Description("Sends a draft (same body as create, plus \"to\": [up to 10 addresses]) to those addresses only, subject marked [TEST] → 200 { sent }.")]
    public async Task<IActionResult> Test(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/campaigns/test")] HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadJsonAsync<CampaignJson>(request, MaxCampaignBytes, cancellationToken);
        if (!body.Ok) return ApiResults.Unreadable(body.Error);
        var result = await campaigns.SendTestAsync(body.Value!.ToDraft(), body.Value.To ?? [], cancellationToken);
        return result.Errors.IsValid ? ApiResults.JsonBody(new { sent = result.Sent }) : ApiResults.Invalid(result.Errors);
    }
}

/// <summary>The JSON of a campaign as the admin API takes it.</summary>
public sealed record CampaignJson
{
    public string? Subject { get; init; }
    public string? Preheader { get; init; }
    public string? Html { get; init; }
    public string? Text { get; init; }
    public List<string>? Audiences { get; init; }

    /// <summary>A segment id: the campaign goes to that part of its audience.</summary>
    public string? Segment { get; init; }
    public string? SendAt { get; init; }
    public string? TimeZone { get; init; }
    public string? Kind { get; init; }
    public List<string>? Categories { get; init; }
    public string? SourceId { get; init; }
    public string? Language { get; init; }
    public bool? AppendFooter { get; init; }

    /// <summary>Off unless true: whether SendGrid counts opens for this campaign.</summary>
    public bool? TrackOpens { get; init; }

    /// <summary>Test sends only: where the test goes.</summary>
    public List<string>? To { get; init; }

    public CampaignDraft ToDraft() => new()
    {
        Subject = Subject ?? "",
        Preheader = Preheader,
        Html = Html ?? "",
        Text = Text,
        Audiences = Audiences?.Where(a => a is not null).ToList() ?? [],
        Segment = string.IsNullOrWhiteSpace(Segment) ? null : Segment.Trim(),
        Kind = string.IsNullOrWhiteSpace(Kind) ? CampaignKinds.OneOff : Kind.Trim(),
        Categories = Categories?.Where(c => c is not null).ToList() ?? [],
        SourceId = SourceId,
        Language = string.IsNullOrWhiteSpace(Language) ? "fr" : Language.Trim(),
        AppendFooter = AppendFooter ?? true,
        TrackOpens = TrackOpens ?? false,
    };

    public (CampaignSchedule? When, ValidationErrors Errors) Schedule() => CampaignSchedule.Parse(SendAt, TimeZone);
}
