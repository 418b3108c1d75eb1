using System.ComponentModel.DataAnnotations;

namespace Outreach.Core.Events;

/// <summary>Settings of the Events capability (section <c>Events</c>).</summary>
public sealed class EventsOptions : IValidatableObject
{
    public const string Section = "Events";

    public static readonly IReadOnlyList<TimeSpan> DefaultReminderLeadTimes = [TimeSpan.FromDays(1), TimeSpan.FromHours(1)];

    /// <summary>
    /// How long before a session each reminder goes out (<c>Events:ReminderLeadTimes:0 = 1.00:00:00</c>, …); unset means
    /// the day before and one hour before. (Null by default: the configuration binder appends to a list, never replaces it.)
    /// </summary>
    public List<TimeSpan>? ReminderLeadTimes { get; set; }

    public IReadOnlyList<TimeSpan> Reminders => ReminderLeadTimes is { Count: > 0 } configured ? configured.Distinct().ToList() : DefaultReminderLeadTimes;

    /// <summary>How long before each series session its programme mail goes to the series' audience.</summary>
    public TimeSpan ProgrammeLeadTime { get; set; } = TimeSpan.FromDays(3);

    /// <summary>The audience that receives a series' programme mail unless the series names another.</summary>
    [Required]
    public string ProgrammeAudienceId { get; set; } = "jeudis-odd17";

    /// <summary>Registrants per queue message when a mail goes to every registrant of a session (update, cancel, reminder, replay).</summary>
    [Range(10, 1000)]
    public int FanOutPageSize { get; set; } = 250;

    /// <summary>Mails handed to the transport at once while one page is processed.</summary>
    [Range(1, 64)]
    public int SendConcurrency { get; set; } = 8;

    /// <summary>Whether a full session offers its waitlist when the event itself does not say.</summary>
    public bool WaitlistByDefault { get; set; } = true;

    /// <summary>
    /// At most this many registration mails (confirm-your-place links, invites, waitlist notices, resends) caused by anonymous
    /// requests reach one address in an hour; mails after a person's own confirmation, and the team's updates, do not count.
    /// </summary>
    [Range(1, 100)]
    public int MaxMailsPerAddressPerHour { get; set; } = 6;

    /// <summary>At most this many registration requests an hour from one client network (IPv4 /24, IPv6 /48); more answer 429.</summary>
    [Range(1, 100_000)]
    public int MaxRegistrationsPerNetworkPerHour { get; set; } = 60;

    /// <summary>An address registering again gets its confirmation again at most this often.</summary>
    public TimeSpan ConfirmationResendInterval { get; set; } = TimeSpan.FromMinutes(15);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Reminders.Any(lead => lead <= TimeSpan.Zero || lead > TimeSpan.FromDays(14)))
            yield return new ValidationResult("Events:ReminderLeadTimes must each be more than zero and at most 14 days.", [nameof(ReminderLeadTimes)]);
        if (ProgrammeLeadTime <= TimeSpan.Zero || ProgrammeLeadTime > TimeSpan.FromDays(14))
            yield return new ValidationResult("Events:ProgrammeLeadTime must be more than zero and at most 14 days.", [nameof(ProgrammeLeadTime)]);
    }
}

/// <summary>Timer schedules of the Events capability, declared once for the functions and the DevHost (queues: <see cref="Common.Storage.QueueNames"/>).</summary>
public static class EventTriggers
{
    /// <summary>Every five minutes (UTC): reminders and programme mails that are due go out.</summary>
    public const string DispatchSchedule = "0 */5 * * * *";
}
