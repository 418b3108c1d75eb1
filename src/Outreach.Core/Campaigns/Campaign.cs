using Outreach.Core.Campaigns.Pipeline;
using Outreach.Core.Campaigns.Rendering;
using Outreach.Core.Common.Time;
using Outreach.Core.Common.Validation;
using Outreach.Core.Subscriptions;

namespace Outreach.Core.Campaigns;

/// <summary>What a campaign is for; newsletters, digests and webinar announcements all go through the same engine.</summary>
public static class CampaignKinds
{
    public const string Newsletter = "newsletter";
    public const string Digest = "digest";
    public const string Announcement = "announcement";
    public const string OneOff = "oneoff";

    public static readonly IReadOnlyList<string> All = [Newsletter, Digest, Announcement, OneOff];
}

/// <summary>
/// The life of a campaign: <c>draft</c> (created, not scheduled) → <c>scheduled</c> → <c>sending</c> →
/// <c>sent</c> | <c>cancelled</c> | <c>failed</c>.
/// </summary>
public static class CampaignStates
{
    public const string Draft = "draft";
    public const string Scheduled = "scheduled";
    public const string Sending = "sending";
    public const string Sent = "sent";
    public const string Cancelled = "cancelled";
    public const string Failed = "failed";

    public static bool IsFinished(string state) => state is Sent or Cancelled or Failed;
}

/// <summary>
/// A message for one or more audiences. <see cref="Subject"/>, <see cref="Preheader"/>, <see cref="Html"/> and
/// <see cref="Text"/> may carry the per-recipient placeholders of <see cref="CampaignPlaceholders"/>
/// (<c>{{firstName}}</c>, <c>{{firstName|fallback}}</c>, <c>{{email}}</c>, <c>{{unsubscribeUrl}}</c>,
/// <c>{{preferencesUrl}}</c>, <c>{{audienceName}}</c>).
/// </summary>
public sealed record CampaignDraft
{
    /// <summary>The campaign row this draft makes, in <paramref name="state"/>, going to <paramref name="segment"/> when it has one.</summary>
    public Campaign ToCampaign(Audiences.Segments.Segment? segment, string state, DateTimeOffset createdAt) => new()
    {
        Id = CampaignStore.NewId(),
        Kind = Kind,
        SourceId = SourceId,
        Subject = Subject,
        Audiences = Audiences,
        Segment = segment?.Id,
        SegmentFilter = segment?.Where,
        Categories = Categories,
        Language = Language,
        TrackOpens = TrackOpens,
        State = state,
        CreatedAt = createdAt,
    };

    public required string Subject { get; init; }

    /// <summary>The short line mail clients show after the subject; hidden in the body.</summary>
    public string? Preheader { get; init; }

    public required string Html { get; init; }

    /// <summary>The plain-text part; derived from <see cref="Html"/> when absent.</summary>
    public string? Text { get; init; }

    /// <summary>Audience ids; an address in several of them gets one copy (attributed to the first listed).</summary>
    public required IReadOnlyList<string> Audiences { get; init; }

    /// <summary>A segment id: the campaign goes to that part of its audience only (<see cref="Audiences"/> is then that audience or empty).</summary>
    public string? Segment { get; init; }

    /// <summary>One of <see cref="CampaignKinds"/>.</summary>
    public string Kind { get; init; } = CampaignKinds.OneOff;

    /// <summary>What the campaign was made from, for the caller's own bookkeeping (e.g. a newsletter issue id).</summary>
    public string? SourceId { get; init; }

    /// <summary>SendGrid categories (at most 10 in all, the kind included), for statistics.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary><c>fr</c> (default) or <c>en</c>: the footer's language and the links' <c>lang</c>.</summary>
    public string Language { get; init; } = "fr";

    /// <summary>
    /// Appends the standard marketing footer (why you get this, preferences, unsubscribe, postal address).
    /// When false, <see cref="Html"/> and the text must carry <c>{{unsubscribeUrl}}</c> themselves.
    /// </summary>
    public bool AppendFooter { get; init; } = true;

    /// <summary>
    /// Whether SendGrid counts opens (a tracking pixel). Off unless asked: the report then shows no opens at all, and
    /// even when on it keeps only how many people opened, never who.
    /// </summary>
    public bool TrackOpens { get; init; }
}

/// <summary>When a campaign leaves: now, or at a local date-time in a time zone (the organisation's by default).</summary>
public sealed record CampaignSchedule
{
    private CampaignSchedule(DateTime? localTime, string? timeZone)
    {
        LocalTime = localTime;
        TimeZone = timeZone;
    }

    public static CampaignSchedule Now { get; } = new(null, null);

    /// <summary>A wall-clock time where the audience lives, e.g. 2026-12-03 09:00 in Europe/Paris.</summary>
    public static CampaignSchedule At(DateTime localTime, string? timeZone = null) =>
        new(DateTime.SpecifyKind(localTime, DateTimeKind.Unspecified), timeZone);

    /// <summary>
    /// The schedule a form or an API call asks for: none means now; <paramref name="sendAt"/> is a local date-time
    /// without offset (2026-12-03T09:00), the zone goes in <paramref name="timeZone"/>.
    /// </summary>
    public static (CampaignSchedule? When, ValidationErrors Errors) Parse(string? sendAt, string? timeZone)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(sendAt)) return (Now, errors);
        if (!ZonedTime.TryParseLocal(sendAt, out var local))
        {
            errors.Add("sendAt", "sendAt must be a local date and time such as 2026-12-03T09:00 (no offset; the zone goes in timeZone).");
            return (null, errors);
        }

        return (At(local, string.IsNullOrWhiteSpace(timeZone) ? null : timeZone.Trim()), errors);
    }

    public DateTime? LocalTime { get; }

    /// <summary>IANA id; null means the configured <c>TimeZone</c>.</summary>
    public string? TimeZone { get; }

    public bool IsNow => LocalTime is null;
}

/// <summary>What a campaign is and where it stands in its life: shared by its stored row and by what the API shows.</summary>
public abstract record CampaignFacts
{
    public required string Id { get; init; }
    public required string State { get; init; }

    /// <summary>One of <see cref="CampaignKinds"/>.</summary>
    public required string Kind { get; init; }
    public string? SourceId { get; init; }
    public required string Subject { get; init; }
    public required IReadOnlyList<string> Audiences { get; init; }

    /// <summary>The segment it goes to, when it goes to part of its audience only.</summary>
    public string? Segment { get; init; }
    public IReadOnlyList<string> Categories { get; init; } = [];
    public string Language { get; init; } = "fr";

    /// <summary>Whether its mails carry SendGrid's open-tracking pixel (off by default; clicks are always counted).</summary>
    public bool TrackOpens { get; init; }

    /// <summary>The local send time and zone as scheduled (null when sent "now").</summary>
    public DateTime? SendAt { get; init; }
    public string? TimeZone { get; init; }

    /// <summary>The instant the campaign is due (UTC).</summary>
    public DateTimeOffset? DueAt { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public DateTimeOffset? CancelledAt { get; init; }
}

/// <summary>Where a campaign stands: its facts, its counts and its problems. What <c>GET /api/admin/campaigns/{id}</c> shows.</summary>
public sealed record CampaignStatus : CampaignFacts
{
    [System.Diagnostics.CodeAnalysis.SetsRequiredMembers]
    public CampaignStatus(CampaignFacts campaign, CampaignCounts counts) : base(campaign)
    {
        Counts = counts;
    }

    /// <summary>True once every recipient has been written into a batch.</summary>
    public bool PlanningDone { get; init; }

    public CampaignCounts Counts { get; init; }

    /// <summary>What went wrong, in SendGrid's own words where it said something (a few distinct messages).</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];
}

/// <summary>
/// Recipients by outcome. <see cref="Planned"/> = unique confirmed addresses found when planning;
/// every one of them ends in exactly one of sent, suppressed, failed, unknown, cancelled, or is still pending.
/// The webhook fields count SendGrid's events as they arrive.
/// </summary>
public sealed record CampaignCounts
{
    public int Planned { get; init; }
    public int Sent { get; init; }

    /// <summary>Skipped at send time: suppressed, unsubscribed or no longer confirmed since planning.</summary>
    public int Suppressed { get; init; }

    /// <summary>Refused by SendGrid (4xx) or given up after repeated transient failures.</summary>
    public int Failed { get; init; }

    /// <summary>In a batch whose sender stopped while SendGrid had it: possibly sent, never re-sent blindly.</summary>
    public int Unknown { get; init; }

    /// <summary>Not sent because the campaign was cancelled.</summary>
    public int Cancelled { get; init; }

    /// <summary>Planned and not yet handled.</summary>
    public int Pending { get; init; }

    public int Batches { get; init; }

    public int Delivered { get; init; }
    public int Opened { get; init; }
    public int Clicked { get; init; }
    public int Bounced { get; init; }
    public int Dropped { get; init; }
    public int Deferred { get; init; }
    public int SpamReports { get; init; }
    public int Unsubscribed { get; init; }
}

/// <summary>
/// The result of <see cref="CampaignService.CreateAsync"/>: an id, or what is wrong with the draft. For a create through
/// the hand-over, <see cref="Outcome"/> tells a new campaign from one an earlier request with the same key made
/// (<see cref="HandOverOutcome.AlreadyHandedOver"/>) and from a key used for another request (<see cref="HandOverOutcome.KeyReused"/>).
/// </summary>
public sealed record CampaignCreation(string? Id, ValidationErrors Errors, HandOverOutcome Outcome = HandOverOutcome.HandedOver)
{
    public bool Created => Id is not null;

    /// <summary>An earlier request with the same key made this campaign.</summary>
    public bool Repeated => Outcome == HandOverOutcome.AlreadyHandedOver;
}

public enum ScheduleOutcome
{
    /// <summary>Due later; the dispatcher will start it.</summary>
    Scheduled,

    /// <summary>Due now: planning has started.</summary>
    Started,

    NotFound,

    /// <summary>The send time is not valid (see the errors).</summary>
    Invalid,

    /// <summary>Already sending, sent, cancelled or failed.</summary>
    Conflict,
}

public sealed record ScheduleResult(ScheduleOutcome Outcome, ValidationErrors Errors, DateTimeOffset? DueAt = null);

public enum CancelOutcome
{
    /// <summary>Cancelled now; what was not sent yet stays unsent.</summary>
    Cancelled,

    AlreadyCancelled,

    /// <summary>Sent or failed already: nothing left to stop.</summary>
    AlreadyFinished,

    NotFound,
}

/// <summary>The result of a test send: how many of the given addresses got the draft, or what is wrong.</summary>
public sealed record TestSendResult(int Sent, ValidationErrors Errors);
