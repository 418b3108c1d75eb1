using Microsoft.Extensions.DependencyInjection;
using Outreach.Core.Audiences.Profiles;
using Outreach.Core.Events.Registrations;
using Outreach.Core.Events.Sessions;
using Outreach.Core.Subscriptions;
using Outreach.IntegrationTests.Infrastructure;

namespace Outreach.IntegrationTests.Audiences;

/// <summary>Hand-built members, sessions, series and registrations for the engagement segment tests, written through the stores.</summary>
public static class EngagementData
{
    public static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    /// <summary>One confirmed member per name (address <c>{name}-{audience}@example.org</c>); "g" is tagged partenaire.</summary>
    public static Task<Dictionary<string, Member>> SeedMembersAsync(this DevHostFixture host, string audience, params string[] names) =>
        host.SeedAsync(audience, MemberStatus.Confirmed, names);

    public static Task<Dictionary<string, Member>> SeedPendingAsync(this DevHostFixture host, string audience, params string[] names) =>
        host.SeedAsync(audience, MemberStatus.Pending, names);

    public static async Task RegisterAsync(this DevHostFixture host, string sessionId, Member member, string status = RegistrationStatus.Registered, bool? attended = null)
    {
        var saved = await host.Services.GetRequiredService<RegistrationStore>().TrySaveAsync(new Registration
        {
            SessionId = sessionId, ContactKey = member.ContactKey, Email = member.Email, FirstName = member.FirstName, Status = status,
            RegisteredAt = Now.AddDays(-10), SeatSince = status == RegistrationStatus.Registered ? Now.AddDays(-10) : null, Attended = attended,
        });
        Assert.True(saved);
    }

    public static async Task<string> AddSessionAsync(this DevHostFixture host, DateTimeOffset start, string title = "Atelier engagement")
    {
        var session = Session(EventIds.NewSessionId(title), title, start, null);
        Assert.True(await host.Services.GetRequiredService<EventStore>().AddSessionAsync(session));
        return session.Id;
    }

    /// <summary>A series of two sessions: one two days ago, one in three weeks.</summary>
    public static async Task<(string Series, string Past, string Future)> AddSeriesAsync(this DevHostFixture host)
    {
        var seriesId = EventIds.NewSeriesId("Jeudis engagement");
        var sessions = new[] { Session(seriesId + "-past", "Jeudis engagement", Now.AddDays(-2), seriesId), Session(seriesId + "-next", "Jeudis engagement", Now.AddDays(21), seriesId) };
        await host.Services.GetRequiredService<EventStore>().AddSeriesAsync(new EventSeries
        {
            Id = seriesId, Title = "Jeudis engagement", TimeZone = "Europe/Paris", Weekday = DayOfWeek.Thursday,
            StartTime = new TimeOnly(12, 0), EndTime = new TimeOnly(13, 0), From = DateOnly.FromDateTime(Now.AddDays(-2).UtcDateTime),
            To = DateOnly.FromDateTime(Now.AddDays(21).UtcDateTime), JoinUrl = "https://visio.example.org/jeudis", ProgrammeAudienceId = "newsletter",
            SessionIds = sessions.Select(s => s.Id).ToList(), CreatedAt = Now,
        }, sessions);
        return (seriesId, sessions[0].Id, sessions[1].Id);
    }

    private static async Task<Dictionary<string, Member>> SeedAsync(this DevHostFixture host, string audience, string status, string[] names)
    {
        var members = names.Select(name => $"{name}-{audience}@example.org").Select((email, i) => new Member
        {
            AudienceId = audience, ContactKey = EmailAddress.KeyOf(email), Email = email, FirstName = names[i].ToUpperInvariant(),
            Status = status, SubscribedAt = Now, Source = "test",
            Details = new ContactDetails { Tags = names[i] == "g" ? ["partenaire"] : [] },
        }).ToList();
        await host.Services.GetRequiredService<MembershipStore>().SaveMembersBatchAsync(members);
        return names.Zip(members).ToDictionary(pair => pair.First, pair => pair.Second);
    }

    private static EventSession Session(string id, string title, DateTimeOffset start, string? seriesId) => new()
    {
        Id = id, Title = title, SeriesId = seriesId, LocalStart = start.UtcDateTime, LocalEnd = start.AddHours(1).UtcDateTime, TimeZone = "UTC",
        StartUtc = start, EndUtc = start.AddHours(1), JoinUrl = "https://visio.example.org/atelier", OrganizerName = "Équipe", OrganizerEmail = "equipe@example.org",
        CreatedAt = Now, UpdatedAt = Now,
    };
}
