using Outreach.Core.Mail.Templates;
using Outreach.Core.Newsletters;

namespace Outreach.Core.Events.Mails;

/// <summary>The event mail templates, what they see, and the sample an edited one must render.</summary>
public sealed class EventMailTemplates : IMailTemplateFamily
{
    public const string Confirmation = "event-confirmation";
    public const string Waitlist = "event-waitlist";
    public const string SeatConfirmation = "event-seat-confirmation";
    public const string Update = "event-update";
    public const string Cancelled = "event-cancelled";
    public const string RegistrationCancelled = "event-registration-cancelled";
    public const string Reminder = "event-reminder";
    public const string Replay = "event-replay";
    public const string Programme = "programme";

    public IReadOnlyList<MailTemplateKind> Kinds { get; } =
    [
        new(Confirmation, "A registrant's confirmation, with the calendar invite (promoted: a seat freed up for someone on the waitlist)", language => Sample(language)),
        new(Waitlist, "The webinar is full: the registrant is on the waitlist", language => Sample(language)),
        new(SeatConfirmation, "A session with limited seats: the button that confirms the person's place (confirm_url)", language => Sample(language)),
        new(Update, "The session changed: the updated invite", language => Sample(language)),
        new(Cancelled, "The session is cancelled (has_seat: the attached cancellation removes it from the calendar)", language => Sample(language)),
        new(RegistrationCancelled, "The registrant cancelled their own registration", language => Sample(language)),
        new(Reminder, "Before the session (soon: within 12 hours; lead: \"1 heure\", \"1 jour\"…)", language => Sample(language)),
        new(Replay, "The replay (attended: yes, no or unknown)", language => Sample(language)),
        new(Programme, "The week's programme of a series, sent as a campaign to the series' audience before each session", ProgrammeSample, Marketing: true),
    ];

    /// <summary>
    /// <c>session</c>: title, when ("jeudi 29 octobre 2026, 12:00–13:00 (heure de Paris)"), short_day, clock, description,
    /// join_url (empty without a seat), page_url, manage_url, google_url, outlook_url, ics_url.
    /// </summary>
    public static Dictionary<string, object?> Session(
        string title, string when, string shortDay, string clock, string? description, string joinUrl, string pageUrl, string manageUrl,
        string googleUrl, string outlookUrl, string icsUrl) => new()
    {
        ["title"] = title,
        ["when"] = when,
        ["short_day"] = shortDay,
        ["clock"] = clock,
        ["description"] = description?.Trim() ?? "",
        ["join_url"] = joinUrl,
        ["page_url"] = pageUrl,
        ["manage_url"] = manageUrl,
        ["google_url"] = googleUrl,
        ["outlook_url"] = outlookUrl,
        ["ics_url"] = icsUrl,
    };

    private static Dictionary<string, object?> SampleSession(string language) => Session(
        "Les Jeudis de l'ODD 17 : La cartographie des acteurs",
        language == "en" ? "Thursday 29 October 2026, 12:00–13:00 (Paris time)" : "jeudi 29 octobre 2026, 12:00–13:00 (heure de Paris)",
        language == "en" ? "Thursday 29 October" : "jeudi 29 octobre", "12:00",
        "Un outil pour faire alliance, en 60 minutes.", "https://visio.example.org/jeudis-odd17",
        "https://outreach.example.org/api/events/sample", "https://outreach.example.org/api/events/sample/registration?token=sample",
        "https://calendar.google.com/calendar/render?action=TEMPLATE", "https://outlook.office.com/calendar/0/deeplink/compose",
        "https://outreach.example.org/api/events/sample/invite.ics");

    private static Dictionary<string, object?> Sample(string language) => new()
    {
        ["subscriber"] = Recipients.Sample(language),
        ["session"] = SampleSession(language),
        ["promoted"] = false,
        ["has_seat"] = true,
        ["soon"] = true,
        ["lead"] = language == "en" ? "1 hour" : "1 heure",
        ["attended"] = "unknown",
        ["replay_url"] = "https://replay.example.org/sample",
        ["confirm_url"] = "https://outreach.example.org/api/events/sample/confirm?token=sample",
    };

    private static Dictionary<string, object?> ProgrammeSample(string language) => new()
    {
        ["series"] = new Dictionary<string, object?> { ["title"] = "Les Jeudis de l'ODD 17", ["url"] = "https://outreach.example.org/api/series/sample" },
        ["session"] = SampleSession(language),
        ["topic"] = "La cartographie des acteurs",
        ["programme"] = new List<object?>
        {
            ProgrammeItem(language == "en" ? "Thursday 22 October" : "jeudi 22 octobre", "Le diagnostic partagé", "https://outreach.example.org/api/events/a", current: false, cancelled: true),
            ProgrammeItem(language == "en" ? "Thursday 29 October" : "jeudi 29 octobre", "La cartographie des acteurs", "https://outreach.example.org/api/events/b", current: true, cancelled: false),
        },
    };

    /// <summary>One line of a series' programme: day, label, url, current (this week's), cancelled.</summary>
    public static Dictionary<string, object?> ProgrammeItem(string day, string label, string url, bool current, bool cancelled) => new()
    {
        ["day"] = day,
        ["label"] = label,
        ["url"] = url,
        ["current"] = current,
        ["cancelled"] = cancelled,
    };
}
