using Outreach.Core.Common.Validation;
using Outreach.Core.Events.Registrations;
using Outreach.Core.Events.Sessions;
using Outreach.Core.Subscriptions;

namespace Outreach.Core.Events.Mails;

/// <summary>
/// What a replay request found: registrants, and who attended or missed it when attendance is known (the team's list,
/// or the join links clicked during the session).
/// </summary>
public sealed record ReplayReport(int Recipients, int Attended, int Missed, IReadOnlyList<string> UnknownAttendees, bool AttendanceKnown = false);

public sealed record ReplayResult(EventChange Change, ReplayReport? Report = null, ValidationErrors? Errors = null, string? Reason = null);

/// <summary>
/// After a session: the replay link mailed to its registrants, with their attendance when it is known, and an article
/// for the next digests (<see cref="ReplayArticles"/>).
/// </summary>
public sealed class ReplayService(EventStore events, RegistrationStore registrations, EventMailFanOut fanOut, ReplayArticles articles, TimeProvider clock)
{
    /// <summary>
    /// Mails the replay link to the registrants. Attendance is known when the team gives <paramref name="attendees"/>
    /// (the addresses that attended, e.g. from the video tool's report; they are marked attended) or when registrants'
    /// join links recorded any attendance: then each mail says whether the person attended or missed it.
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
        if (session.ReplayUrl != replayUrl) await articles.PublishAsync(session, replayUrl, cancellationToken);
        for (var attempt = 0; attempt < 5 && session.ReplayUrl != replayUrl; attempt++)
        {
            if (await events.TryReplaceSessionAsync(session with { ReplayUrl = replayUrl, UpdatedAt = clock.GetUtcNow() }, cancellationToken)) break;
            session = await events.FindSessionAsync(id, cancellationToken) ?? session;
        }

        var counts = await CountAttendanceAsync(id, cancellationToken);
        var known = attendees is not null || counts.Attended > 0;
        await fanOut.StartAsync(new EventMailJob { Kind = EventMailKind.Replay, SessionId = id, Sequence = session.Sequence, ReplayUrl = replayUrl, AttendanceKnown = known }, cancellationToken);
        return new ReplayResult(EventChange.Updated, new ReplayReport(counts.Recipients, counts.Attended, known ? counts.Recipients - counts.Attended : 0, unknown, known));
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
}
