using System.Text.Json;
using Azure;
using Azure.Data.Tables;
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
    /// <summary>Updated invite (<c>METHOD:REQUEST</c>, higher SEQUENCE) after a change of time.</summary>
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

    /// <summary>Replay: absent attendance means "missed" (the team gave the list of attendees, or join links recorded attendance).</summary>
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

/// <summary>The points between the writes of a change that fans out (see <see cref="CrashPoints"/>).</summary>
public static class FanOutSteps
{
    /// <summary>The fan-out job is written as pending; the change it follows is not saved yet.</summary>
    public const string JobWritten = "fanout:job-written";

    /// <summary>The change is saved; its fan-out is not queued yet.</summary>
    public const string ChangeSaved = "fanout:change-saved";

    /// <summary>The plan message is queued; the pending job is not removed yet.</summary>
    public const string Queued = "fanout:queued";
}

/// <summary>
/// Sends a mail to every registrant of a session without one invocation ever sending them all: the plan message
/// cuts the registrants into pages (<see cref="EventsOptions.FanOutPageSize"/>) and enqueues one message per page;
/// each page claims every (mail, registrant) in the ledger before handing the mail to the transport, so a
/// redelivered page sends nothing twice. A job made for an older version of the session does nothing, and an address
/// suppressed since it registered (a hard bounce, a spam report, an erasure) gets nothing: each mail is checked when it goes.
/// A change that fans out (an update, a cancellation) writes its job as pending before it is saved
/// (<see cref="PrepareAsync"/>) and removes it once the plan is queued (<see cref="StartPreparedAsync"/>); what a crash
/// left pending is queued by the events timer, or at once when the team repeats the change (<see cref="RequeuePendingAsync"/>).
/// </summary>
public sealed class EventMailFanOut(
    StorageAccount storage,
    EventStore events,
    RegistrationStore registrations,
    Subscriptions.SuppressionStore suppressions,
    EventMailLedger ledger,
    EventMails mails,
    IMailSender transport,
    CrashPoints crashPoints,
    IOptions<EventsOptions> options,
    TimeProvider clock,
    ILogger<EventMailFanOut> logger)
{
    private const string PendingPartition = "pending";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A pending job whose change is not (or no longer) the session's after this long was never saved, or was superseded: it is dropped.</summary>
    public static readonly TimeSpan PendingGrace = TimeSpan.FromMinutes(2);

    /// <summary>Writes the fan-out of a change as pending, before the change is saved: from here a crash anywhere leaves it to be queued.</summary>
    public async Task PrepareAsync(EventMailJob job, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.EventMailJobs);
        await table.UpsertEntityAsync(new TableEntity(PendingPartition, PendingKey(job))
        {
            ["Job"] = JsonSerializer.Serialize(job with { From = null, To = null }, Json),
            ["WrittenAt"] = clock.GetUtcNow(),
        }, TableUpdateMode.Replace, cancellationToken);
        crashPoints.Reached(FanOutSteps.JobWritten);
    }

    /// <summary>Starts the fan-out of a saved change: queues its plan, then removes its pending row.</summary>
    public async Task StartPreparedAsync(EventMailJob job, CancellationToken cancellationToken = default)
    {
        crashPoints.Reached(FanOutSteps.ChangeSaved);
        await StartAsync(job, cancellationToken);
        crashPoints.Reached(FanOutSteps.Queued);
        var table = await storage.TableAsync(TableNames.EventMailJobs);
        await table.DeleteEntityAsync(PendingPartition, PendingKey(job), ETag.All, cancellationToken);
    }

    /// <summary>
    /// Queues the pending fan-outs (of one session, or all) whose change is the session's current one, and drops those of
    /// a change never saved or superseded once <see cref="PendingGrace"/> has passed. Returns how many were queued.
    /// A plan queued twice (a crash after queuing, before the row went) sends nothing twice: the ledger claims each mail.
    /// </summary>
    public async Task<int> RequeuePendingAsync(string? sessionId = null, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.EventMailJobs);
        var filter = sessionId is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {PendingPartition}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {PendingPartition} and RowKey ge {sessionId + "|"} and RowKey lt {sessionId + "}"}");
        var now = clock.GetUtcNow();
        var queued = 0;
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var job = JsonSerializer.Deserialize<EventMailJob>(row.GetString("Job") ?? "null", Json);
            var session = job is null ? null : await events.FindSessionAsync(job.SessionId, cancellationToken);
            if (job is not null && session is not null && IsStillCurrent(job, session))
            {
                logger.LogWarning("Fan-out {Kind} of session {SessionId} (sequence {Sequence}) was left unqueued: queuing it", job.Kind, job.SessionId, job.Sequence);
                await StartAsync(job, cancellationToken);
                queued++;
            }
            else if (now - (row.GetDateTimeOffset("WrittenAt") ?? now) <= PendingGrace) continue; // its change may still be on its way

            await table.DeleteEntityAsync(PendingPartition, row.RowKey, ETag.All, cancellationToken);
        }

        return queued;
    }

    private static string PendingKey(EventMailJob job) => $"{job.SessionId}|{job.LedgerKind}";

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
                if (await suppressions.IsSuppressedAsync(registration.ContactKey, cancellationToken)) return;
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
