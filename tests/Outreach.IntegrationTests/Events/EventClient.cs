using System.Net.Http.Json;
using System.Text.Json;
using Ical.Net;
using MimeKit;
using Outreach.IntegrationTests.Infrastructure;

namespace Outreach.IntegrationTests.Events;

/// <summary>The DevHost on a fake clock set to mid-September 2026, before the October series and the November webinar.</summary>
public class EventsDevHostFixture : DevHostFixture
{
    public static readonly DateTimeOffset Start = new(2026, 9, 15, 8, 0, 0, TimeSpan.Zero);

    public EventsDevHostFixture() => UseFakeTime(Start);
}

/// <summary>What the comms team and registrants do over HTTP, and how a test reads the invites they get.</summary>
public static class EventClient
{
    public static object October2026Series(string? title = null) => new
    {
        title = title ?? "Les Jeudis de l'ODD 17",
        description = "Chaque jeudi à midi, un outil pour faire alliance.",
        timeZone = "Europe/Paris",
        weekday = "Thursday",
        startTime = "12:00",
        endTime = "13:00",
        from = "2026-10-01",
        to = "2026-10-29",
        joinUrl = "https://visio.example.org/jeudis-odd17",
        topics = new[] { "Cartographier ses partenaires", "Construire une convention", "Mesurer l'impact", "Mobiliser les salariés", "Essaimer" },
    };

    public static object Webinar(int? capacity = null, string start = "2026-11-19T13:00", string end = "2026-11-19T14:30") => new
    {
        title = "De la connaissance à la compétence",
        description = "Comment passer du savoir au savoir-faire dans les alliances.",
        start,
        end,
        timeZone = "Europe/Paris",
        joinUrl = "https://visio.example.org/connaissance-competence",
        capacity,
    };

    public static async Task<JsonElement> CreateSeriesAsync(this DevHostFixture host, object? series = null)
    {
        var response = await host.CreateAdminClient().PostAsJsonAsync("/api/admin/series", series ?? October2026Series());
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<string> CreateWebinarAsync(this DevHostFixture host, int? capacity = null)
    {
        var response = await host.CreateAdminClient().PostAsJsonAsync("/api/admin/events", Webinar(capacity));
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>Creates a one-off session at the given instants (written as Paris local times).</summary>
    public static async Task<string> CreateSessionAtAsync(this DevHostFixture host, DateTimeOffset start, DateTimeOffset end, int? capacity = null)
    {
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        string Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, paris).ToString("yyyy-MM-dd'T'HH:mm");
        var response = await host.CreateAdminClient().PostAsJsonAsync("/api/admin/events", new
        {
            title = "Atelier " + Guid.NewGuid().ToString("N")[..6], start = Local(start), end = Local(end), timeZone = "Europe/Paris",
            joinUrl = "https://visio.example.org/atelier", capacity,
        });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    public static Task<HttpResponseMessage> RegisterAsync(this HttpClient client, string eventId, string email, bool waitlist = false) =>
        client.PostAsJsonAsync($"/api/events/{eventId}/registrations", new { email, firstName = "Camille", consent = true, waitlist });

    /// <summary>Registers each address; in a session with limited seats, also confirms each place from its mail, as the person would.</summary>
    public static async Task RegisterManyAsync(this DevHostFixture host, string eventId, IEnumerable<string> emails)
    {
        var client = host.CreateClient();
        foreach (var email in emails)
        {
            var response = await client.RegisterAsync(eventId, email);
            response.EnsureSuccessStatusCode();
            if ((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString() == "pending")
                await host.ConfirmSeatAsync(eventId, email);
        }
    }

    public const string SeatConfirmationSubject = "Confirmez votre place";

    /// <summary>Presses the button of the newest "confirm my place" mail to <paramref name="email"/>.</summary>
    public static async Task<HttpResponseMessage> ConfirmSeatAsync(this DevHostFixture host, string eventId, string email, string subject = SeatConfirmationSubject)
    {
        var mail = (await host.MailsAsync(email, subject)).Last();
        var response = await host.CreateClient().PostAsync(Subscriptions.SubscriptionClient.LinkIn(mail, $"/api/events/{eventId}/confirm"), null);
        response.EnsureSuccessStatusCode();
        return response;
    }

    /// <summary>The text/calendar alternative of a mail, its method parameter, and its exact bytes as text (MimeKit's TextPart.Text would turn CRLF into LF).</summary>
    public static (string Method, string Content) CalendarPart(MimeMessage mail)
    {
        var part = mail.BodyParts.OfType<TextPart>().Single(p => p.ContentType.MimeType == "text/calendar");
        return (part.ContentType.Parameters["method"] ?? "", Decoded(part));
    }

    private static string Decoded(MimePart part)
    {
        using var stream = new MemoryStream();
        part.Content!.DecodeTo(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    public static Calendar Invite(MimeMessage mail) => Calendar.Load(CalendarPart(mail).Content)!;

    public static string AttachedIcs(MimeMessage mail)
    {
        return Decoded(mail.Attachments.OfType<MimePart>().Single(p => p.ContentType.MimeType == "application/ics"));
    }

    public static bool HasCalendar(MimeMessage mail) => mail.BodyParts.OfType<TextPart>().Any(p => p.ContentType.MimeType == "text/calendar");

    /// <summary>Mails to one address, newest last, whose subject starts with <paramref name="subjectPrefix"/>.</summary>
    public static async Task<IReadOnlyList<MimeMessage>> MailsAsync(this DevHostFixture host, string email, string subjectPrefix) =>
        (await host.ReadOutboxAsync(email)).Where(m => (m.Subject ?? "").StartsWith(subjectPrefix, StringComparison.Ordinal)).ToList();

    public static string UniqueEmail(string who) => $"{who}.{Guid.NewGuid():N}"[..(who.Length + 9)] + "@example.org";
}
