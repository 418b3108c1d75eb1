using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Outreach.Core.Events.Sessions;

namespace Outreach.IntegrationTests.Events;

public class UpcomingSessionsTests(EventsDevHostFixture host) : IClassFixture<EventsDevHostFixture>
{
    [Fact]
    public async Task The_next_sessions_come_earliest_first_with_their_local_time_and_registration_link()
    {
        var series = await host.CreateSeriesAsync();
        var webinar = await host.CreateWebinarAsync();

        var upcoming = await host.Services.GetRequiredService<UpcomingSessions>().UpcomingSessionsAsync(host.FakeTime!.GetUtcNow(), 3);

        Assert.Equal(3, upcoming.Count);
        Assert.Equal(series.GetProperty("sessions")[0].GetProperty("id").GetString(), upcoming[0].Id);
        Assert.Equal(new DateTime(2026, 10, 1, 12, 0, 0), upcoming[0].LocalStart);
        Assert.Equal("jeudi 1 octobre 2026, 12:00–13:00 (heure de Paris)", upcoming[0].When);
        Assert.EndsWith($"/api/events/{upcoming[0].Id}", upcoming[0].RegistrationUrl);

        var json = await host.CreateClient().GetFromJsonAsync<JsonElement>("/api/events?count=100");
        var ids = json.EnumerateArray().Select(e => e.GetProperty("id").GetString()).ToList();
        Assert.Equal(6, ids.Count);
        Assert.Equal(webinar, ids[^1]);
        Assert.False(json[0].TryGetProperty("joinUrl", out _));

        var html = await host.CreateClient().GetStringAsync("/api/events?format=html");
        Assert.Contains("Prochains webinaires", html);
        Assert.Contains("Cartographier ses partenaires", html);
    }
}
