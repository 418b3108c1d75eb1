using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Outreach.Core.Events.Sessions;

namespace Outreach.Core.Events.Mails;

/// <summary>
/// Reminders the day before and one hour before (<see cref="EventsOptions.Reminders"/>), exactly once each.
/// The timer wakes every few minutes; a reminder is due from <c>start − lead</c> until half the lead has passed (a host
/// that was down does not send a "tomorrow" mail an hour before). The run is claimed in the ledger, so a timer that
/// fires twice starts one fan-out; each registrant is claimed too, so a page delivered twice sends once.
/// </summary>
public sealed class ReminderDispatcher(
    EventStore events,
    EventMailLedger ledger,
    EventMailFanOut fanOut,
    IOptions<EventsOptions> options,
    TimeProvider clock,
    ILogger<ReminderDispatcher> logger)
{
    /// <summary>Starts the fan-out of every reminder that is due; returns how many were started.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var leads = options.Value.Reminders;
        if (leads.Count == 0) return 0;
        var upcoming = await events.ListStartingBetweenAsync(now, now + leads.Max() + TimeSpan.FromMinutes(1), cancellationToken);
        var started = 0;
        foreach (var session in upcoming.Where(s => !s.IsCancelled))
        {
            foreach (var lead in leads.Where(lead => IsDue(session, lead, now)))
            {
                var job = new EventMailJob { Kind = EventMailKind.Reminder, SessionId = session.Id, Sequence = session.Sequence, Lead = lead, StartUtc = session.StartUtc };
                if (!await ledger.TryClaimRunAsync(session.Id, job.LedgerKind, cancellationToken)) continue;
                try
                {
                    await fanOut.StartAsync(job, cancellationToken);
                }
                catch
                {
                    await ledger.ReleaseRunAsync(session.Id, job.LedgerKind, CancellationToken.None);
                    throw;
                }

                logger.LogInformation("Reminder {Lead} before {SessionId} started", lead, session.Id);
                started++;
            }
        }

        return started;
    }

    /// <summary>Due from <c>start − lead</c> until <c>start − lead/2</c>.</summary>
    public static bool IsDue(EventSession session, TimeSpan lead, DateTimeOffset now) =>
        now >= session.StartUtc - lead && now < session.StartUtc - lead / 2;
}

/// <summary>
/// What the events timer does each time it wakes: the fan-outs of updates and cancellations a crash left unqueued, due
/// reminders, then due programme announcements.
/// </summary>
public sealed class EventMailScheduler(EventMailFanOut fanOut, ReminderDispatcher reminders, ProgrammeDispatcher programme)
{
    public async Task<(int Reminders, int Programmes)> DispatchDueAsync(CancellationToken cancellationToken = default)
    {
        await fanOut.RequeuePendingAsync(cancellationToken: cancellationToken);
        var reminderRuns = await reminders.DispatchDueAsync(cancellationToken);
        var programmeRuns = await programme.DispatchDueAsync(cancellationToken);
        return (reminderRuns, programmeRuns);
    }
}
