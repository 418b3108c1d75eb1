using Microsoft.Extensions.Logging;
using Outreach.Core.Common.Validation;
using Outreach.Core.Events.Mails;
using Outreach.Core.Events.Registrations;

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
/// <param name="InvitesUpdated">True when registrants get an updated invite (the time changed).</param>
public sealed record EventChangeResult(EventChange Change, EventSession? Session, ValidationErrors? Errors = null, bool InvitesUpdated = false, string? Reason = null);

public sealed record SeriesChangeResult(EventChange Change, EventSeries? Series, IReadOnlyList<EventSession> Sessions, ValidationErrors? Errors = null);

/// <summary>
/// The comms team's operations on one session: create and edit (a change of time sends updated invites to every
/// registrant; a new video link sends nothing, the join links follow it; more seats promote the waitlist), cancel (sends <c>METHOD:CANCEL</c>). The fan-out of a change
/// is written as pending before the change is saved, so a crash before it is queued leaves it to the events timer;
/// repeating the change queues it at once. A weekly series is
/// <see cref="SeriesAdminService"/>, the replay <see cref="Mails.ReplayService"/>, the registrants
/// <see cref="Registrations.RegistrantReport"/>.
/// </summary>
public sealed class EventAdminService(
    EventStore events,
    Enrolment enrolment,
    EventMailFanOut fanOut,
    SessionDefaults defaults,
    TimeProvider clock,
    ILogger<EventAdminService> logger)
{
    public async Task<EventChangeResult> CreateAsync(EventDraft draft, CancellationToken cancellationToken = default)
    {
        var (plan, errors) = EventRules.Check(draft, defaults.TimeZone);
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
                OrganizerName = defaults.OrganizerName,
                OrganizerEmail = defaults.OrganizerEmail,
                Waitlist = defaults.Waitlist,
                Questions = draft.Questions ?? [],
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

    /// <summary>Edits a session. A change of time raises SEQUENCE and sends each registrant the updated invite.</summary>
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
            var edited = Apply(plan, current, now) with { Questions = draft.Questions ?? current.Questions };
            var invitesChange = InviteChanged(current, edited);
            if (invitesChange) edited = edited with { Sequence = current.Sequence + 1 };
            var job = invitesChange ? new EventMailJob { Kind = EventMailKind.Update, SessionId = id, Sequence = edited.Sequence } : null;
            if (job is not null) await fanOut.PrepareAsync(job, cancellationToken);
            if (!await events.TryReplaceSessionAsync(edited, cancellationToken)) continue;

            logger.LogInformation("Session {SessionId} updated (sequence {Sequence})", id, edited.Sequence);
            if (job is not null) await fanOut.StartPreparedAsync(job, cancellationToken);
            else await fanOut.RequeuePendingAsync(id, cancellationToken); // the same change again: what a crash left unqueued goes now
            if (SeatsAdded(current, edited)) await enrolment.PromoteFromWaitlistAsync(edited, cancellationToken);
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
            if (current.IsCancelled)
            {
                await fanOut.RequeuePendingAsync(id, cancellationToken); // cancelled again: what a crash left unqueued goes now
                return new EventChangeResult(EventChange.Updated, current);
            }

            var cancelled = current with { Status = SessionStatus.Cancelled, Sequence = current.Sequence + 1, UpdatedAt = clock.GetUtcNow() };
            var job = new EventMailJob { Kind = EventMailKind.Cancel, SessionId = id, Sequence = cancelled.Sequence };
            await fanOut.PrepareAsync(job, cancellationToken);
            if (!await events.TryReplaceSessionAsync(cancelled, cancellationToken)) continue;

            logger.LogInformation("Session {SessionId} cancelled (sequence {Sequence})", id, cancelled.Sequence);
            await fanOut.StartPreparedAsync(job, cancellationToken);
            return new EventChangeResult(EventChange.Updated, cancelled, InvitesUpdated: true);
        }

        return new EventChangeResult(EventChange.Conflict, null, Reason: "The session kept changing meanwhile; try again.");
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

    /// <summary>
    /// What attendees' calendars must learn: a new time. A new video link is not one: invites carry each person's join
    /// link, which follows the session's current video link.
    /// </summary>
    public static bool InviteChanged(EventSession before, EventSession after) =>
        before.LocalStart != after.LocalStart || before.LocalEnd != after.LocalEnd || before.TimeZone != after.TimeZone;

    private static bool SeatsAdded(EventSession before, EventSession after) =>
        after.Capacity is null ? before.Capacity is not null : before.Capacity is { } old && after.Capacity > old;
}
