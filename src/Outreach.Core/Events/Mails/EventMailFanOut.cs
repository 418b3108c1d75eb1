using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Outreach.Core.Common.Storage;
using Outreach.Core.Events.Registrations;
using Outreach.Core.Events.Sessions;
using Outreach.Core.Mail;

namespace Outreach.Core.Events.Mails;

/// <summary>The mails that go to every registrant of a session.</summary>
public static class EventMailKind
{
    /// <summary>Updated invite (<c>METHOD:REQUEST</c>, higher SEQUENCE) after a change of time or join link.</summary>
    public const string Update = "update";

    /// <summary><c>METHOD:CANCEL</c> after the session was cancelled.</summary>
    public const string Cancel = "cancel";

    public const string Reminder = "reminder";
    public const string Replay = "replay";
}

/// <summary>
/// One queue message of a fan-out. Without <see cref="From"/> it is the plan: cut the registrants into key ranges
/// and enqueue one message per range. With it, it is one page: mail the registrants of that range.
/// </summary>
public sealed record EventMailJob
{
    public required string Kind { get; init; }
    public required string SessionId { get; init; }

    /// <summary>The session's SEQUENCE the job was made for; a newer change makes an older job stop.</summary>
    public int Sequence { get; init; }

    public TimeSpan? Lead { get; init; }

    /// <summary>The start the reminder was planned for (a session moved since gets its own reminders).</summary>
    public DateTimeOffset? StartUtc { get; init; }

    public string? ReplayUrl { get; init; }

    /// <summary>Replay: absent attendance means "missed" (the team gave the list of attendees).</summary>
    public bool AttendanceKnown { get; init; }

    public string? From { get; init; }
    public string? To { get; init; }
    public bool ToInclusive { get; init; }

    public bool IsPlan => From is null;

    public string LedgerKind => Kind switch
    {
        EventMailKind.Update => LedgerKinds.Invite(Sequence),
        EventMailKind.Cancel => LedgerKinds.Cancel(Sequence),
        EventMailKind.Reminder => LedgerKinds.Reminder(Lead ?? TimeSpan.Zero, StartUtc ?? default),
        EventMailKind.Replay => LedgerKinds.Replay(ReplayUrl ?? ""),
        _ => throw new InvalidOperationException($"Unknown event mail kind {Kind}."),
    };
}

/// <summary>
/// Sends a mail to every registrant of a session without one invocation ever sending them all: the plan message
/// cuts the registrants into pages (<see cref="EventsOptions.FanOutPageSize"/>) and enqueues one message per page;
/// each page claims every (mail, registrant) in the ledger before handing the mail to the transport, so a
/// redelivered page sends nothing twice. A job made for an older version of the session does nothing, and an address
/// suppressed since it registered (a hard bounce, a spam report, an erasure) gets nothing: each mail is checked when it goes.
/// </summary>
public sealed class EventMailFanOut(
    StorageAccount storage,
    EventStore events,
    RegistrationStore registrations,
    Subscriptions.SubscriberStore subscribers,
    EventMailLedger ledger,
    EventMails mails,
    IMailSender transport,
    IOptions<EventsOptions> options,
    TimeProvider clock,
    ILogger<EventMailFanOut> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Starts a fan-out: enqueues its plan message.</summary>
    public async Task StartAsync(EventMailJob job, CancellationToken cancellationToken = default)
    {
        var queue = await storage.QueueAsync(QueueNames.EventMail);
        await queue.SendMessageAsync(JsonSerializer.Serialize(job with { From = null, To = null }, Json), cancellationToken);
        logger.LogInformation("Fan-out {Kind} of session {SessionId} (sequence {Sequence}) queued", job.Kind, job.SessionId, job.Sequence);
    }

    /// <summary>Handles one queue message: a plan or a page.</summary>
    public async Task ProcessAsync(string message, CancellationToken cancellationToken = default)
    {
        var job = JsonSerializer.Deserialize<EventMailJob>(message, Json) ?? throw new InvalidOperationException("Empty event mail job.");
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["SessionId"] = job.SessionId, ["MailKind"] = job.Kind });
        if (job.IsPlan) await PlanAsync(job, cancellationToken);
        else await SendPageAsync(job, cancellationToken);
    }

    public async Task PlanAsync(EventMailJob job, CancellationToken cancellationToken = default)
    {
        var ranges = await registrations.PlanKeyRangesAsync(job.SessionId, options.Value.FanOutPageSize, cancellationToken);
        var queue = await storage.QueueAsync(QueueNames.EventMail);
        foreach (var range in ranges)
        {
            var page = job with { From = range.From, To = range.To, ToInclusive = range.UpperInclusive };
            await queue.SendMessageAsync(JsonSerializer.Serialize(page, Json), cancellationToken);
        }

        logger.LogInformation("Fan-out {Kind} of session {SessionId} planned in {Pages} pages", job.Kind, job.SessionId, ranges.Count);
    }

    /// <summary>Mails one page of registrants; returns how many mails were handed to the transport.</summary>
    public async Task<int> SendPageAsync(EventMailJob job, CancellationToken cancellationToken = default)
    {
        var session = await events.FindSessionAsync(job.SessionId, cancellationToken);
        if (session is null || !IsStillCurrent(job, session))
        {
            logger.LogInformation("Fan-out {Kind} of session {SessionId} superseded; page skipped", job.Kind, job.SessionId);
            return 0;
        }

        var page = await registrations.ListRangeAsync(job.SessionId, new KeyRange(job.From!, job.To!, job.ToInclusive), cancellationToken);
        var recipients = page.Where(r => IsRecipient(job, session, r)).ToList();
        return await SendAllAsync(job, session, recipients, cancellationToken);
    }

    /// <summary>Builds and hands over the mails of one page, a few at a time; transient failures make the page come back.</summary>
    public async Task<int> SendAllAsync(EventMailJob job, EventSession session, IReadOnlyList<Registration> recipients, CancellationToken cancellationToken = default)
    {
        using var gate = new SemaphoreSlim(options.Value.SendConcurrency);
        var kind = job.LedgerKind;
        var sent = 0;
        var failures = new List<Exception>();
        await Task.WhenAll(recipients.Select(async registration =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                if (await subscribers.IsSuppressedAsync(registration.ContactKey, cancellationToken)) return;
                if (!await ledger.TryClaimAsync(session.Id, kind, registration.ContactKey, cancellationToken)) return;
                try
                {
                    await transport.SendAsync(await MailForAsync(job, session, registration, cancellationToken), cancellationToken);
                    Interlocked.Increment(ref sent);
                }
                catch (MailDeliveryException e) when (!e.IsTransient)
                {
                    logger.LogWarning("Mail {Kind} of session {SessionId} refused for one registrant: {Status}", job.Kind, session.Id, e.StatusCode);
                }
                catch (Exception e)
                {
                    await ledger.ReleaseAsync(session.Id, kind, registration.ContactKey, CancellationToken.None);
                    lock (failures) failures.Add(e);
                }
            }
            finally
            {
                gate.Release();
            }
        }));

        if (failures.Count > 0) throw new AggregateException($"{failures.Count} mails of fan-out {job.Kind} for {session.Id} failed; the page will be retried.", failures);
        return sent;
    }

    public Task<MailMessage> MailForAsync(EventMailJob job, EventSession session, Registration registration, CancellationToken cancellationToken = default) => job.Kind switch
    {
        EventMailKind.Update => mails.UpdateAsync(session, registration, cancellationToken),
        EventMailKind.Cancel => mails.SessionCancelledAsync(session, registration, cancellationToken),
        EventMailKind.Reminder => mails.ReminderAsync(session, registration, job.Lead ?? TimeSpan.Zero, cancellationToken),
        EventMailKind.Replay => mails.ReplayAsync(session, job.AttendanceKnown ? registration with { Attended = registration.Attended ?? false } : registration, job.ReplayUrl!, cancellationToken),
        _ => throw new InvalidOperationException($"Unknown event mail kind {job.Kind}."),
    };

    private bool IsStillCurrent(EventMailJob job, EventSession session) => job.Kind switch
    {
        EventMailKind.Update => !session.IsCancelled && session.Sequence == job.Sequence,
        EventMailKind.Cancel => session.IsCancelled && session.Sequence == job.Sequence,
        EventMailKind.Reminder => !session.IsCancelled && session.StartUtc == job.StartUtc && clock.GetUtcNow() < session.StartUtc,
        EventMailKind.Replay => !session.IsCancelled && session.ReplayUrl == job.ReplayUrl,
        _ => false,
    };

    private static bool IsRecipient(EventMailJob job, EventSession session, Registration registration) => job.Kind switch
    {
        EventMailKind.Update => registration.HasSeat,
        EventMailKind.Cancel => registration.Status is RegistrationStatus.Registered or RegistrationStatus.Waitlisted,
        EventMailKind.Reminder => registration.HasSeat && (registration.SeatSince ?? registration.RegisteredAt) <= session.StartUtc - (job.Lead ?? TimeSpan.Zero),
        EventMailKind.Replay => registration.Status is RegistrationStatus.Registered or RegistrationStatus.Waitlisted,
        _ => false,
    };
}
