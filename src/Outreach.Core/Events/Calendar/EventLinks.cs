using System.Globalization;
using Outreach.Core.Common.Links;
using Outreach.Core.Events.Sessions;
using Outreach.Core.Subscriptions;

namespace Outreach.Core.Events.Calendar;

/// <summary>The absolute links of the Events capability: pages, calendar files, and the signed "manage my registration" link.</summary>
public sealed class EventLinks(SubscriptionLinks links, LinkTokens tokens)
{
    public string SessionPage(string sessionId, string language = "fr") => links.Api($"events/{sessionId}{Lang(language, first: true)}");

    public string SeriesPage(string seriesId, string language = "fr") => links.Api($"series/{seriesId}{Lang(language, first: true)}");

    public string CalendarFile(string sessionId) => links.Api($"events/{sessionId}/calendar.ics");

    public string SeriesCalendarFile(string seriesId) => links.Api($"series/{seriesId}/calendar.ics");

    public string UpcomingPage(string language = "fr") => links.Api("events?format=html" + Lang(language, first: false));

    /// <summary>The registrant's own page to cancel their registration (signed; never expires, scoped to one session).</summary>
    public string ManageRegistration(string sessionId, string contactKey, string language = "fr") =>
        links.Api($"events/{sessionId}/registration?token={ManageToken(sessionId, contactKey)}{Lang(language, first: false)}");

    public string ManageToken(string sessionId, string contactKey) =>
        tokens.Sign(new LinkToken(TokenPurpose.EventRegistration, contactKey, sessionId, null));

    public string Api(string pathAndQuery) => links.Api(pathAndQuery);

    /// <summary>A site-relative <c>/api/…</c> path: form actions post back to the host that served the page, whatever PublicBaseUrl says.</summary>
    public static string Local(string pathAndQuery) => "/api/" + pathAndQuery.TrimStart('/');

    private static string Lang(string language, bool first) => language == "en" ? (first ? "?lang=en" : "&lang=en") : "";
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
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    public static string When(EventSession session, string language) =>
        $"{Day(session.LocalStart, language)}, {Hours(session, language)} ({ZoneName(session.TimeZone, language)})";

    public static string Day(DateTime local, string language) => language == "en"
        ? local.ToString("dddd d MMMM yyyy", English)
        : local.ToString("dddd d MMMM yyyy", French);

    public static string ShortDay(DateTime local, string language) => language == "en"
        ? local.ToString("dddd d MMMM", English)
        : local.ToString("dddd d MMMM", French);

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
