using System.Globalization;
using Outreach.Core.Common.Links;
using Outreach.Core.Common.Localization;
using Outreach.Core.Events.Registrations;
using Outreach.Core.Events.Sessions;
using Outreach.Core.Subscriptions;

namespace Outreach.Core.Events.Calendar;

/// <summary>The absolute links of the Events capability: pages, calendar files, and the signed "manage my registration" link.</summary>
public sealed class EventLinks(PublicUrls urls, LinkTokens tokens)
{
    public string SessionPage(string sessionId, string language = "fr") => urls.Api($"events/{sessionId}", language);

    public string SeriesPage(string seriesId, string language = "fr") => urls.Api($"series/{seriesId}", language);

    public string CalendarFile(string sessionId) => urls.Api($"events/{sessionId}/calendar.ics");

    public string SeriesCalendarFile(string seriesId) => urls.Api($"series/{seriesId}/calendar.ics");

    public string UpcomingPage(string language = "fr") => urls.Api("events", language, ("format", "html"));

    /// <summary>Where a registration is posted (JSON clients are told it).</summary>
    public string Registrations(string sessionId) => urls.Api($"events/{sessionId}/registrations");

    /// <summary>The registrant's own page to cancel their registration (signed; never expires, scoped to one session).</summary>
    public string ManageRegistration(string sessionId, string contactKey, string language = "fr") =>
        urls.Api($"events/{sessionId}/registration", language, ("token", ManageToken(sessionId, contactKey)));

    public string ManageToken(string sessionId, string contactKey) =>
        tokens.Sign(new LinkToken(TokenPurpose.EventRegistration, contactKey, sessionId, null));

    /// <summary>
    /// The registrant's personal join link (<c>/api/join/{token}</c>), written in mails and invites instead of the video link:
    /// it follows the session's current video link and records attendance (see <see cref="Attendance.JoinService"/>).
    /// </summary>
    public string Join(EventSession session, string contactKey, string language = "fr") =>
        urls.Api($"join/{tokens.Sign(new LinkToken(TokenPurpose.Join, contactKey, session.Id, Attendance.AttendanceWindow.LinkExpiry(session)))}", language);

    /// <summary>The "confirm my place" link of a session with limited seats: its GET shows a button, its POST takes the place.</summary>
    public string ConfirmSeat(string sessionId, string contactKey, string language = "fr") =>
        urls.Api($"events/{sessionId}/confirm", language, ("token", tokens.ForEventSeat(contactKey, sessionId)));

    /// <summary>
    /// A subscriber's own one-click registration link from a mail: <c>/api/events/{id}/one-click?token=…</c> (or
    /// <c>/api/series/{id}/one-click</c>); GET shows the button, POST registers. Expires at <paramref name="expiresAt"/>.
    /// </summary>
    public string OneClickRegistration(OneClickScope scope, string contactKey, DateTimeOffset expiresAt, string language = "fr") =>
        urls.Api(OneClickPath(scope.Target, scope.Id), language, ("token", tokens.ForOneClickRegistration(contactKey, scope, expiresAt)));

    /// <summary>Where a one-click page's button posts, root-relative.</summary>
    public static string OneClickAction(OneClickTarget target, string id, string token, string language) =>
        PublicUrls.Local(OneClickPath(target, id), language, ("token", token));

    private static string OneClickPath(OneClickTarget target, string id) => (target == OneClickTarget.Series ? "series/" : "events/") + id + "/one-click";

    /// <summary>Where a form registration to a session sends the browser (303), root-relative; status: waitlisted, pending or none.</summary>
    public static string RegisteredPage(string sessionId, string language, string? status = null) =>
        PublicUrls.Local($"events/{sessionId}/registered", language, ("status", status == RegistrationStatus.Registered ? null : status));

    /// <summary>Where a form registration to a series sends the browser (303), root-relative.</summary>
    public static string SeriesRegisteredPage(string seriesId, string language, bool followsProgramme) =>
        PublicUrls.Local($"series/{seriesId}/registered", language, ("programme", followsProgramme ? "1" : null));
}

/// <summary>"Add to Google Calendar" and "Add to Outlook" links: they open the calendar's new-event form, prefilled.</summary>
public static class CalendarLinks
{
    public static string Google(EventSession session, string details, string location) =>
        "https://calendar.google.com/calendar/render?action=TEMPLATE"
        + "&text=" + Uri.EscapeDataString(session.DisplayTitle)
        + "&dates=" + Utc(session.StartUtc) + "/" + Utc(session.EndUtc)
        + "&ctz=" + Uri.EscapeDataString(session.TimeZone)
        + "&details=" + Uri.EscapeDataString(details)
        + "&location=" + Uri.EscapeDataString(location);

    /// <summary>Outlook on the web (Microsoft 365 accounts); Outlook desktop and Apple Calendar take the .ics file.</summary>
    public static string Outlook(EventSession session, string details, string location) =>
        "https://outlook.office.com/calendar/0/deeplink/compose?path=%2Fcalendar%2Faction%2Fcompose&rru=addevent"
        + "&subject=" + Uri.EscapeDataString(session.DisplayTitle)
        + "&startdt=" + Uri.EscapeDataString(Iso(session.StartUtc))
        + "&enddt=" + Uri.EscapeDataString(Iso(session.EndUtc))
        + "&body=" + Uri.EscapeDataString(details)
        + "&location=" + Uri.EscapeDataString(location);

    private static string Utc(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    private static string Iso(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

/// <summary>How a session's date and time read in mails and pages: "jeudi 29 octobre 2026, 12:00–13:00 (heure de Paris)".</summary>
public static class SessionTimes
{
    public static string When(EventSession session, string language) =>
        $"{Day(session.LocalStart, language)}, {Hours(session, language)} ({ZoneName(session.TimeZone, language)})";

    public static string Day(DateTime local, string language) => DateLabels.Day(local, language);

    public static string ShortDay(DateTime local, string language) => DateLabels.ShortDay(local, language);

    public static string Hours(EventSession session, string language) =>
        $"{Clock(session.LocalStart, language)}–{Clock(session.LocalEnd, language)}";

    public static string Clock(DateTime local, string language) => local.ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>"heure de Paris" / "Paris time" from <c>Europe/Paris</c>.</summary>
    public static string ZoneName(string zoneId, string language)
    {
        var city = zoneId.Contains('/') ? zoneId[(zoneId.LastIndexOf('/') + 1)..].Replace('_', ' ') : zoneId;
        return language == "en" ? $"{city} time" : $"heure de {city}";
    }

    /// <summary>"1 heure", "30 minutes", "1 jour" / "1 hour"…: how far ahead a reminder is.</summary>
    public static string Lead(TimeSpan lead, string language)
    {
        static string Plural(int n, string one, string many) => n == 1 ? $"1 {one}" : $"{n} {many}";
        if (lead.TotalDays >= 1 && lead.TotalDays == Math.Floor(lead.TotalDays))
            return language == "en" ? Plural((int)lead.TotalDays, "day", "days") : Plural((int)lead.TotalDays, "jour", "jours");
        if (lead.TotalHours >= 1 && lead.TotalHours == Math.Floor(lead.TotalHours))
            return language == "en" ? Plural((int)lead.TotalHours, "hour", "hours") : Plural((int)lead.TotalHours, "heure", "heures");
        var minutes = (int)Math.Round(lead.TotalMinutes);
        return language == "en" ? Plural(minutes, "minute", "minutes") : Plural(minutes, "minute", "minutes");
    }
}
