using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Outreach.Core.Audiences;
using Outreach.Core.Common.Configuration;
using Outreach.Core.Common.Storage;
using Outreach.Core.Common.Validation;
using Outreach.Core.Events.Mails;
using Outreach.Core.Events.Registrations;
using Outreach.Core.Subscriptions;

namespace Outreach.Core.Events.Sessions;

public enum EventChange
{
    Created,
    Updated,
    Invalid,
    NotFound,

    /// <summary>The change is not possible in the session's state (e.g. editing a cancelled session).</summary>
    Conflict,
}

/// <summary>The result of an admin change: the session as saved, or why not.</summary>
/// <param name="InvitesUpdated">True when registrants get an updated invite (time or join link changed).</param>
public sealed record EventChangeResult(EventChange Change, EventSession? Session, ValidationErrors? Errors = null, bool InvitesUpdated = false, string? Reason = null);

public sealed record SeriesChangeResult(EventChange Change, EventSeries? Series, IReadOnlyList<EventSession> Sessions, ValidationErrors? Errors = null);

/// <summary>What a replay request found: registrants, and who attended or missed it when the team said.</summary>
public sealed record ReplayReport(int Recipients, int Attended, int Missed, IReadOnlyList<string> UnknownAttendees);

public sealed record ReplayResult(EventChange Change, ReplayReport? Report = null, ValidationErrors? Errors = null, string? Reason = null);

public sealed record RegistrationCounts(int Registered, int Waitlisted, int Cancelled, int? Capacity);

/// <summary>
/// The comms team's operations on webinars: create and edit sessions (a change of time or join link sends updated
/// invites to every registrant), cancel (sends <c>METHOD:CANCEL</c>), create a weekly series, mail the replay,
/// list and export registrants.
/// </summary>
public sealed class EventAdminService(
    EventStore events,
    RegistrationStore registrations,
    RegistrationService registration,
    EventMailFanOut fanOut,
    AudienceStore audiences,
    IOptions<OutreachOptions> outreach,
    IOptions<MailOptions> mail,
    IOptions<EventsOptions> options,
    TimeProvider clock,
    ILogger<EventAdminService> logger)
{
    public const string CsvHeader = "email,firstName,status,registeredAt,seatSince,waitlistedAt,cancelledAt,source,attended";

    public async Task<EventChangeResult> CreateAsync(EventDraft draft, CancellationToken cancellationToken = default)
    {
        var (plan, errors) = EventRules.Check(draft, outreach.Value.TimeZone);
        if (plan is null) return new EventChangeResult(EventChange.Invalid, null, errors);
        var now = clock.GetUtcNow();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var session = Apply(plan, new EventSession
            {
                Id = EventIds.NewSessionId(plan.Title),
                Title = plan.Title,
                LocalStart = plan.LocalStart,
                LocalEnd = plan.LocalEnd,
                TimeZone = plan.TimeZone,
                StartUtc = plan.StartUtc,
                EndUtc = plan.EndUtc,
                JoinUrl = plan.JoinUrl,
                OrganizerName = mail.Value.FromName,
                OrganizerEmail = mail.Value.OrganizerAddress,
                Waitlist = options.Value.WaitlistByDefault,
                CreatedAt = now,
            }, now);
            if (await events.AddSessionAsync(session, cancellationToken))
            {
                logger.LogInformation("Session {SessionId} created", session.Id);
                return new EventChangeResult(EventChange.Created, await events.FindSessionAsync(session.Id, cancellationToken) ?? session);
            }
        }

        throw new InvalidOperationException("Could not find a free session id.");
    }

    /// <summary>Edits a session. A change of time or join link raises SEQUENCE and sends each registrant the updated invite.</summary>
    public async Task<EventChangeResult> UpdateAsync(string id, EventDraft draft, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var current = await events.FindSessionAsync(id, cancellationToken);
            if (current is null) return new EventChangeResult(EventChange.NotFound, null);
            if (current.IsCancelled) return new EventChangeResult(EventChange.Conflict, current, Reason: "This session is cancelled; create a new one instead.");
            var (plan, errors) = EventRules.Check(draft with { Topic = draft.Topic ?? current.Topic }, current.TimeZone);
            if (plan is null) return new EventChangeResult(EventChange.Invalid, current, errors);

            var now = clock.GetUtcNow();
            var edited = Apply(plan, current, now);
            var invitesChange = InviteChanged(current, edited);
            if (invitesChange) edited = edited with { Sequence = current.Sequence + 1 };
            if (!await events.TryReplaceSessionAsync(edited, cancellationToken)) continue;

            logger.LogInformation("Session {SessionId} updated (sequence {Sequence})", id, edited.Sequence);
            if (invitesChange)
                await fanOut.StartAsync(new EventMailJob { Kind = EventMailKind.Update, SessionId = id, Sequence = edited.Sequence }, cancellationToken);
            if (SeatsAdded(current, edited)) await registration.PromoteFromWaitlistAsync(edited, cancellationToken);
            return new EventChangeResult(EventChange.Updated, await events.FindSessionAsync(id, cancellationToken) ?? edited, InvitesUpdated: invitesChange);
        }

        return new EventChangeResult(EventChange.Conflict, null, Reason: "The session kept changing meanwhile; try again.");
    }

    /// <summary>Cancels a session: every registrant gets <c>METHOD:CANCEL</c>, same UID, higher SEQUENCE, <c>STATUS:CANCELLED</c>.</summary>
    public async Task<EventChangeResult> CancelAsync(string id, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var current = await events.FindSessionAsync(id, cancellationToken);
            if (current is null) return new EventChangeResult(EventChange.NotFound, null);
            if (current.IsCancelled) return new EventChangeResult(EventChange.Updated, current);
            var cancelled = current with { Status = SessionStatus.Cancelled, Sequence = current.Sequence + 1, UpdatedAt = clock.GetUtcNow() };
            if (!await events.TryReplaceSessionAsync(cancelled, cancellationToken)) continue;

            logger.LogInformation("Session {SessionId} cancelled (sequence {Sequence})", id, cancelled.Sequence);
            await fanOut.StartAsync(new EventMailJob { Kind = EventMailKind.Cancel, SessionId = id, Sequence = cancelled.Sequence }, cancellationToken);
            return new EventChangeResult(EventChange.Updated, cancelled, InvitesUpdated: true);
        }

        return new EventChangeResult(EventChange.Conflict, null, Reason: "The session kept changing meanwhile; try again.");
    }

    /// <summary>
    /// Mails the replay link to the registrants. With <paramref name="attendees"/> (the addresses that attended, e.g.
    /// from the video tool's report) each mail says whether the person attended or missed it.
    /// </summary>
    public async Task<ReplayResult> SendReplayAsync(string id, string? url, IReadOnlyList<string>? attendees, CancellationToken cancellationToken = default)
    {
        var errors = new ValidationErrors();
        if (!EventRules.IsWebUrl(url)) errors.Add("url", "The replay URL must be an absolute http(s) URL of at most 2000 characters.");
        if (attendees is { Count: > 50_000 }) errors.Add("attended", "At most 50,000 attendees.");
        var session = await events.FindSessionAsync(id, cancellationToken);
        if (session is null) return new ReplayResult(EventChange.NotFound);
        if (!errors.IsValid) return new ReplayResult(EventChange.Invalid, Errors: errors);
        if (session.IsCancelled) return new ReplayResult(EventChange.Conflict, Reason: "This session was cancelled: there is no replay to send.");
        if (clock.GetUtcNow() < session.EndUtc) return new ReplayResult(EventChange.Conflict, Reason: "This session has not taken place yet: send the replay after it ends.");

        var unknown = attendees is null ? [] : await RecordAttendanceAsync(id, attendees, cancellationToken);
        var replayUrl = url!.Trim();
        for (var attempt = 0; attempt < 5 && session.ReplayUrl != replayUrl; attempt++)
        {
            if (await events.TryReplaceSessionAsync(session with { ReplayUrl = replayUrl, UpdatedAt = clock.GetUtcNow() }, cancellationToken)) break;
            session = await events.FindSessionAsync(id, cancellationToken) ?? session;
        }

        var counts = await CountAttendanceAsync(id, cancellationToken);
        await fanOut.StartAsync(new EventMailJob { Kind = EventMailKind.Replay, SessionId = id, Sequence = session.Sequence, ReplayUrl = replayUrl, AttendanceKnown = attendees is not null }, cancellationToken);
        var attended = counts.Attended;
        return new ReplayResult(EventChange.Updated, new ReplayReport(counts.Recipients, attended, attendees is null ? 0 : counts.Recipients - attended, unknown));
    }

    public async Task<SeriesChangeResult> CreateSeriesAsync(SeriesDraft draft, CancellationToken cancellationToken = default)
    {
        var (plan, errors) = SeriesPlanner.Check(draft, outreach.Value.TimeZone);
        var audienceId = plan?.ProgrammeAudience ?? options.Value.ProgrammeAudienceId;
        if (plan is not null && await audiences.FindAsync(audienceId, cancellationToken) is null)
            errors.Add("programmeAudience", $"Unknown audience: {EventRules.Truncate(audienceId)}.");
        if (plan is null || !errors.IsValid) return new SeriesChangeResult(EventChange.Invalid, null, [], errors);

        var now = clock.GetUtcNow();
        var seriesId = EventIds.NewSeriesId(plan.Title);
        var sessions = plan.Sessions.Select(planned => new EventSession
        {
            Id = EventIds.SeriesSessionId(seriesId, planned.Date),
            Title = plan.Title,
            Description = plan.Description,
            Topic = planned.Topic,
            SeriesId = seriesId,
            LocalStart = planned.LocalStart,
            LocalEnd = planned.LocalEnd,
            TimeZone = plan.TimeZone,
            StartUtc = planned.StartUtc,
            EndUtc = planned.EndUtc,
            JoinUrl = plan.JoinUrl,
            Capacity = plan.Capacity,
            Waitlist = options.Value.WaitlistByDefault,
            OrganizerName = mail.Value.FromName,
            OrganizerEmail = mail.Value.OrganizerAddress,
            CreatedAt = now,
            UpdatedAt = now,
        }).ToList();
        var series = new EventSeries
        {
            Id = seriesId,
            Title = plan.Title,
            Description = plan.Description,
            TimeZone = plan.TimeZone,
            Weekday = plan.Weekday,
            StartTime = plan.StartTime,
            EndTime = plan.EndTime,
            From = plan.From,
            To = plan.To,
            JoinUrl = plan.JoinUrl,
            Capacity = plan.Capacity,
            ProgrammeAudienceId = audienceId,
            SessionIds = sessions.Select(s => s.Id).ToList(),
            CreatedAt = now,
        };
        await events.AddSeriesAsync(series, sessions, cancellationToken);
        logger.LogInformation("Series {SeriesId} created with {Count} sessions", seriesId, sessions.Count);
        return new SeriesChangeResult(EventChange.Created, series, sessions);
    }

    public async Task<RegistrationCounts> CountRegistrationsAsync(EventSession session, CancellationToken cancellationToken = default)
    {
        var counts = await registrations.CountByStatusAsync(session.Id, cancellationToken);
        return new RegistrationCounts(counts[RegistrationStatus.Registered], counts[RegistrationStatus.Waitlisted], counts[RegistrationStatus.Cancelled], session.Capacity);
    }

    public Task<TablePage<Registration>> PageRegistrationsAsync(
        string sessionId, string? status, int pageSize, string? continuationToken, CancellationToken cancellationToken = default) =>
        registrations.PageAsync(sessionId, status, pageSize, continuationToken, cancellationToken);

    /// <summary>Streams a session's registrants as CSV, page by page.</summary>
    public async Task WriteRegistrationsCsvAsync(string sessionId, TextWriter writer, CancellationToken cancellationToken = default)
    {
        await writer.WriteLineAsync(CsvHeader);
        await foreach (var page in registrations.StreamAsync(sessionId, cancellationToken))
        {
            foreach (var r in page)
            {
                await writer.WriteLineAsync(string.Join(',', Csv.Field(r.Email), Csv.Field(r.FirstName), r.Status, Iso(r.RegisteredAt), Iso(r.SeatSince),
                    Iso(r.WaitlistedAt), Iso(r.CancelledAt), Csv.Field(r.Source), r.Attended switch { true => "yes", false => "no", null => "" }));
            }
        }
    }

    private async Task<List<string>> RecordAttendanceAsync(string sessionId, IReadOnlyList<string> attendees, CancellationToken cancellationToken)
    {
        var unknown = new List<string>();
        foreach (var text in attendees.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var found = EmailAddress.TryParse(text, out var email) ? await registrations.FindAsync(sessionId, email.Key, cancellationToken) : null;
            if (found is null || found.Status == RegistrationStatus.Cancelled)
            {
                unknown.Add(EventRules.Truncate(text ?? ""));
                continue;
            }

            if (found.Attended != true) await registrations.TrySaveAsync(found with { Attended = true }, cancellationToken);
        }

        return unknown;
    }

    private async Task<(int Recipients, int Attended)> CountAttendanceAsync(string sessionId, CancellationToken cancellationToken)
    {
        var recipients = 0;
        var attended = 0;
        await foreach (var page in registrations.StreamAsync(sessionId, cancellationToken))
        {
            foreach (var r in page.Where(r => r.Status is RegistrationStatus.Registered or RegistrationStatus.Waitlisted))
            {
                recipients++;
                if (r.Attended == true) attended++;
            }
        }

        return (recipients, attended);
    }

    private static EventSession Apply(EventPlan plan, EventSession session, DateTimeOffset now) => session with
    {
        Title = plan.Title,
        Description = plan.Description,
        Topic = plan.Topic,
        LocalStart = plan.LocalStart,
        LocalEnd = plan.LocalEnd,
        TimeZone = plan.TimeZone,
        StartUtc = plan.StartUtc,
        EndUtc = plan.EndUtc,
        JoinUrl = plan.JoinUrl,
        Capacity = plan.Capacity,
        Waitlist = plan.Waitlist ?? session.Waitlist,
        OrganizerName = plan.OrganizerName ?? session.OrganizerName,
        OrganizerEmail = plan.OrganizerEmail ?? session.OrganizerEmail,
        UpdatedAt = now,
    };

    /// <summary>What attendees' calendars must learn: a new time or a new join link.</summary>
    public static bool InviteChanged(EventSession before, EventSession after) =>
        before.LocalStart != after.LocalStart || before.LocalEnd != after.LocalEnd || before.TimeZone != after.TimeZone || before.JoinUrl != after.JoinUrl;

    private static bool SeatsAdded(EventSession before, EventSession after) =>
        after.Capacity is null ? before.Capacity is not null : before.Capacity is { } old && after.Capacity > old;

    private static string Iso(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) ?? "";
}
