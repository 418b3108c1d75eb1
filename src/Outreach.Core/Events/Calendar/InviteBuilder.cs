using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Outreach.Core.Common.Localization;
using Outreach.Core.Events.Registrations;
using Outreach.Core.Events.Sessions;

namespace Outreach.Core.Events.Calendar;

/// <summary>Who an invite is for: the registrant, never the organizer; <paramref name="JoinUrl"/> is their personal join link.</summary>
public sealed record InviteAttendee(string Email, string? Name, string Language = "fr", string? ManageUrl = null, string? JoinUrl = null);

/// <summary>
/// Builds the iCalendar objects of a session with Ical.Net: an iTIP <c>REQUEST</c> per registrant (stable UID,
/// SEQUENCE, ORGANIZER, the attendee with RSVP, the attendee's personal join link in LOCATION, URL and DESCRIPTION), a <c>CANCEL</c> with <c>STATUS:CANCELLED</c>, and the public
/// <c>PUBLISH</c> file. Times are <c>DTSTART;TZID=…</c> wall-clock times with the zone's full VTIMEZONE.
/// </summary>
public sealed class InviteBuilder(EventLinks links, TimeProvider clock)
{
    public const string Request = "REQUEST";
    public const string Cancel = "CANCEL";
    public const string Publish = "PUBLISH";

    /// <summary>The session's UID: the same in every invite, update and cancellation of that session.</summary>
    public static string Uid(EventSession session) => $"{session.Id}@{Domain(session.OrganizerEmail)}";

    public string BuildRequest(EventSession session, InviteAttendee attendee) =>
        Serialize(Calendar(Request, session.TimeZone, [Scheduling(session, attendee, "CONFIRMED")]));

    public string BuildCancel(EventSession session, InviteAttendee attendee) =>
        Serialize(Calendar(Cancel, session.TimeZone, [Scheduling(session, attendee, "CANCELLED")]));

    /// <summary>The public calendar file of one or more sessions (no attendee, no join link: the page registers).</summary>
    public string BuildPublish(IReadOnlyList<EventSession> sessions, string language = "fr")
    {
        var events = sessions.Select(session =>
        {
            var item = Event(session, session.IsCancelled ? "CANCELLED" : "CONFIRMED");
            var page = links.SessionPage(session.Id, language);
            item.Description = PublicDescription(session, page, language);
            item.Location = page;
            item.Url = new Uri(page);
            return item;
        }).ToList();
        return Serialize(Calendar(Publish, sessions.Count > 0 ? sessions[0].TimeZone : "Europe/Paris", events));
    }

    /// <summary>What the invite's DESCRIPTION says: the description, the personal join link and how to cancel.</summary>
    public static string InviteDescription(EventSession session, string language, string? joinUrl, string? manageUrl)
    {
        var lines = new List<string>();
        if (!string.IsNullOrWhiteSpace(session.Description)) lines.Add(session.Description.Trim());
        if (joinUrl is not null) lines.Add(Wording(language, "invite.join") + joinUrl);
        if (manageUrl is not null) lines.Add(Wording(language, "invite.cancel") + manageUrl);
        return string.Join("\n\n", lines);
    }

    /// <summary>What the public calendar file and the pages' calendar links say: the description and the page (no join link).</summary>
    public static string PublicDescription(EventSession session, string page, string language)
    {
        var lines = new List<string>();
        if (!string.IsNullOrWhiteSpace(session.Description)) lines.Add(session.Description.Trim());
        lines.Add(Wording(language, "invite.register") + page);
        return string.Join("\n\n", lines);
    }

    private static string Wording(string language, string key) => Strings.Shared.For(language)[key];

    private CalendarEvent Scheduling(EventSession session, InviteAttendee attendee, string status)
    {
        if (string.Equals(attendee.Email, session.OrganizerEmail, StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException("The organizer cannot be an attendee of their own invite.", nameof(attendee));
        var item = Event(session, status);
        var page = links.SessionPage(session.Id, attendee.Language);
        var join = status == "CANCELLED" ? null : attendee.JoinUrl; // a withdrawn copy points at the page, not at a call
        item.Description = InviteDescription(session, attendee.Language, join, attendee.ManageUrl);
        item.Location = join ?? page;
        item.Url = new Uri(join ?? page);
        item.Attendees.Add(new Attendee("mailto:" + attendee.Email)
        {
            CommonName = string.IsNullOrWhiteSpace(attendee.Name) ? null : attendee.Name,
            Role = "REQ-PARTICIPANT",
            ParticipationStatus = "NEEDS-ACTION",
            Rsvp = true,
        });
        return item;
    }

    private CalendarEvent Event(EventSession session, string status) => new()
    {
        Uid = Uid(session),
        Sequence = session.Sequence,
        DtStamp = new CalDateTime(clock.GetUtcNow().UtcDateTime),
        LastModified = new CalDateTime(session.UpdatedAt == default ? clock.GetUtcNow().UtcDateTime : session.UpdatedAt.UtcDateTime),
        DtStart = new CalDateTime(session.LocalStart, session.TimeZone),
        DtEnd = new CalDateTime(session.LocalEnd, session.TimeZone),
        Summary = session.DisplayTitle,
        Status = status,
        Transparency = "OPAQUE",
        Organizer = new Organizer("mailto:" + session.OrganizerEmail) { CommonName = session.OrganizerName },
    };

    private static Ical.Net.Calendar Calendar(string method, string timeZone, IEnumerable<CalendarEvent> events)
    {
        var calendar = new Ical.Net.Calendar { Method = method, ProductId = "-//Outreach//Webinaires//FR" };
        calendar.AddTimeZone(timeZone);
        foreach (var item in events) calendar.Events.Add(item);
        return calendar;
    }

    private static string Serialize(Ical.Net.Calendar calendar) => new CalendarSerializer().SerializeToString(calendar) ?? "";

    private static string Domain(string email) => email.Contains('@') ? email[(email.IndexOf('@') + 1)..] : "outreach.invalid";
}
