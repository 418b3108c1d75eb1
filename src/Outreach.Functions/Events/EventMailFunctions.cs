using System.ComponentModel;
using Microsoft.Azure.Functions.Worker;
using Outreach.Core.Common.Storage;
using Outreach.Core.Events;
using Outreach.Core.Events.Mails;

namespace Outreach.Functions.Events;

/// <summary>The clock and queue side of webinars: due reminders and programme mails, and the per-page fan-out.</summary>
public sealed class EventMailFunctions(EventMailScheduler scheduler, EventMailFanOut fanOut)
{
    /// <summary>Every five minutes: starts the reminders and programme announcements that are due (each exactly once).</summary>
    [Function("DispatchEventMails")]
    [Description("Timer (every 5 minutes, UTC): due reminders and programme announcements, each exactly once.")]
    public Task Dispatch([TimerTrigger(EventTriggers.DispatchSchedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        scheduler.DispatchDueAsync(cancellationToken);

    /// <summary>One fan-out message: a plan (cut registrants into pages) or one page of mails (update, cancel, reminder, replay).</summary>
    [Function("SendEventMails")]
    [Description("Queue events-mail: plans a fan-out into pages of registrants, or mails one page.")]
    public Task FanOut([QueueTrigger(QueueNames.EventMail)] string message, CancellationToken cancellationToken) =>
        fanOut.ProcessAsync(message, cancellationToken);
}
