using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Outreach.Core.Common.Configuration;
using Outreach.Core.Common.Links;
using Outreach.Core.Common.Time;
using Outreach.Core.Events.Calendar;
using Outreach.Core.Events.Mails;
using Outreach.Core.Events.Registrations;
using Outreach.Core.Events.Sessions;
using Outreach.Core.Subscriptions;

namespace Outreach.UnitTests.Events;

/// <summary>Builds the Events services that need no storage, on a fake clock.</summary>
internal sealed class EventsTestKit
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 9, 15, 8, 0, 0, TimeSpan.Zero));

    public EventLinks Links { get; }
    public InviteBuilder Invites { get; }
    public EventMails Mails { get; }

    public EventsTestKit()
    {
        var tokens = new LinkTokens(Options.Create(new TokenOptions { SigningKey = "a-signing-key-that-is-long-enough-for-hmac" }), Clock);
        Links = new EventLinks(new PublicUrls(Options.Create(new OutreachOptions { PublicBaseUrl = "https://outreach.example.org" })), tokens);
        Invites = new InviteBuilder(Links, Clock);
        Mails = new EventMails(Invites, Links, Mail.MailTestKit.Renderer());
    }

    /// <summary>A session of the October 2026 series, 12:00–13:00 Paris time on the given day.</summary>
    public static EventSession OctoberSession(int day, int sequence = 0, string topic = "La cartographie des acteurs")
    {
        var zone = ZonedTime.Zone("Europe/Paris");
        var start = new DateTime(2026, 10, day, 12, 0, 0);
        var end = new DateTime(2026, 10, day, 13, 0, 0);
        return new EventSession
        {
            Id = $"les-jeudis-de-l-odd-17-a1b2c3-202610{day:00}",
            Title = "Les Jeudis de l'ODD 17",
            Topic = topic,
            Description = "Un outil pour faire alliance, en 60 minutes.",
            SeriesId = "les-jeudis-de-l-odd-17-a1b2c3",
            LocalStart = start,
            LocalEnd = end,
            TimeZone = "Europe/Paris",
            StartUtc = ZonedTime.ToInstant(start, zone),
            EndUtc = ZonedTime.ToInstant(end, zone),
            JoinUrl = "https://visio.example.org/jeudis-odd17",
            OrganizerName = "Outreach",
            OrganizerEmail = "webinaires@outreach.example.org",
            Sequence = sequence,
            CreatedAt = new DateTimeOffset(2026, 9, 1, 8, 0, 0, TimeSpan.Zero),
            UpdatedAt = new DateTimeOffset(2026, 9, 1, 8, 0, 0, TimeSpan.Zero),
        };
    }

    public static Registration Registrant(EventSession session, string email = "claire.martin@example.org", string? firstName = "Claire", string language = "fr") =>
        new()
        {
            SessionId = session.Id,
            ContactKey = EmailAddress.KeyOf(email),
            Email = email,
            FirstName = firstName,
            Language = language,
            Status = RegistrationStatus.Registered,
            RegisteredAt = new DateTimeOffset(2026, 9, 10, 8, 0, 0, TimeSpan.Zero),
            SeatSince = new DateTimeOffset(2026, 9, 10, 8, 0, 0, TimeSpan.Zero),
        };
}

/// <summary>
/// A deliberately small iCalendar reader, independent of Ical.Net: unfolds lines, splits name;params:value, and
/// evaluates a VTIMEZONE's yearly "last Sunday of month" rules, so a test can check what a calendar would compute.
/// </summary>
internal static class RawCalendar
{
    public static IReadOnlyList<string> Unfold(string text)
    {
        var lines = new List<string>();
        foreach (var raw in text.Split("\r\n"))
        {
            if (raw.StartsWith(' ') || raw.StartsWith('\t')) lines[^1] += raw[1..];
            else if (raw.Length > 0) lines.Add(raw);
        }

        return lines;
    }

    public static (string Name, Dictionary<string, string> Parameters, string Value) Parse(string line)
    {
        var colon = IndexOfValueColon(line);
        var head = line[..colon].Split(';');
        var parameters = head.Skip(1).Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "", StringComparer.OrdinalIgnoreCase);
        return (head[0], parameters, line[(colon + 1)..]);
    }

    /// <summary>The lines of the first component named <paramref name="component"/> (e.g. VEVENT, STANDARD).</summary>
    public static IReadOnlyList<string> Component(IReadOnlyList<string> lines, string component, int occurrence = 0)
    {
        var found = -1;
        var inside = false;
        var result = new List<string>();
        foreach (var line in lines)
        {
            if (line == $"BEGIN:{component}" && ++found == occurrence) { inside = true; continue; }
            if (inside && line == $"END:{component}") return result;
            if (inside) result.Add(line);
        }

        return result;
    }

    public static string Value(IReadOnlyList<string> lines, string name) => lines.Select(Parse).First(p => p.Name == name).Value;

    /// <summary>The UTC offset a VTIMEZONE gives at a local time, from its STANDARD/DAYLIGHT yearly rules (BYMONTH + BYDAY=-1SU).</summary>
    public static TimeSpan OffsetAt(IReadOnlyList<string> vtimezone, DateTime local)
    {
        var transitions = new List<(DateTime At, TimeSpan To)>();
        foreach (var kind in new[] { "STANDARD", "DAYLIGHT" })
        {
            var part = Component(vtimezone, kind);
            var start = DateTime.ParseExact(Value(part, "DTSTART"), "yyyyMMdd'T'HHmmss", null);
            var to = ParseOffset(Value(part, "TZOFFSETTO"));
            var rule = Value(part, "RRULE").Split(';').Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);
            Assert.Equal("YEARLY", rule["FREQ"]);
            Assert.Equal("-1SU", rule["BYDAY"]);
            var month = int.Parse(rule["BYMONTH"]);
            for (var year = local.Year - 1; year <= local.Year; year++)
            {
                var last = new DateTime(year, month, DateTime.DaysInMonth(year, month));
                while (last.DayOfWeek != DayOfWeek.Sunday) last = last.AddDays(-1);
                transitions.Add((last.Add(start.TimeOfDay), to));
            }
        }

        return transitions.Where(t => t.At <= local).OrderBy(t => t.At).Last().To;
    }

    private static TimeSpan ParseOffset(string text)
    {
        var sign = text[0] == '-' ? -1 : 1;
        return sign * new TimeSpan(int.Parse(text[1..3]), int.Parse(text[3..5]), 0);
    }

    private static int IndexOfValueColon(string line)
    {
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '"') quoted = !quoted;
            else if (line[i] == ':' && !quoted) return i;
        }

        throw new FormatException($"No value in line {line}");
    }
}
