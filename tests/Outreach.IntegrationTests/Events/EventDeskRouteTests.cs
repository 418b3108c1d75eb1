using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Outreach.IntegrationTests.Infrastructure;

namespace Outreach.IntegrationTests.Events;

/// <summary>The events desk's routes: a series' sessions before it is saved, and the lists of sessions and series.</summary>
public sealed class EventDeskRouteTests(EventsDevHostFixture host) : IClassFixture<EventsDevHostFixture>
{
    [Fact]
    public async Task A_series_preview_gives_the_sessions_across_the_DST_change_and_writes_nothing()
    {
        var admin = host.CreateAdminClient();
        var title = "Aperçu " + Guid.NewGuid().ToString("N")[..6];
        var response = await admin.PostAsJsonAsync("/api/admin/series/preview", EventClient.October2026Series(title));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sessions = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sessions").EnumerateArray().ToList();

        Assert.Equal(["2026-10-01T12:00", "2026-10-08T12:00", "2026-10-15T12:00", "2026-10-22T12:00", "2026-10-29T12:00"], sessions.Select(s => s.GetProperty("start").GetString()));
        Assert.Equal(new DateTimeOffset(2026, 10, 22, 10, 0, 0, TimeSpan.Zero), sessions[3].GetProperty("startUtc").GetDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2026, 10, 29, 11, 0, 0, TimeSpan.Zero), sessions[4].GetProperty("startUtc").GetDateTimeOffset());
        var series = await admin.GetFromJsonAsync<JsonElement>("/api/admin/series");
        Assert.DoesNotContain(series.GetProperty("items").EnumerateArray(), s => s.GetProperty("title").GetString() == title);
    }

    [Fact]
    public async Task A_bad_series_preview_is_refused_field_by_field()
    {
        var response = await host.CreateAdminClient().PostAsJsonAsync("/api/admin/series/preview", new { title = "Sans jour", startTime = "12:00", endTime = "13:00", from = "2026-10-01", to = "2026-10-29", joinUrl = "https://visio.example.org/x" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("weekday", out _));
    }

    [Fact]
    public async Task The_lists_show_a_saved_series_and_its_sessions_newest_first_and_a_cancelled_one_by_its_status()
    {
        var admin = host.CreateAdminClient();
        var created = await host.CreateSeriesAsync(EventClient.October2026Series("Liste " + Guid.NewGuid().ToString("N")[..6]));
        var seriesId = created.GetProperty("id").GetString()!;
        var ids = created.GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("id").GetString()!).ToList();
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/admin/events/{ids[0]}/cancel", null)).StatusCode);

        var series = await admin.GetFromJsonAsync<JsonElement>("/api/admin/series");
        Assert.Equal(5, series.GetProperty("items").EnumerateArray().Single(s => s.GetProperty("id").GetString() == seriesId).GetProperty("sessionCount").GetInt32());
        var october = await admin.GetFromJsonAsync<JsonElement>("/api/admin/events?from=2026-10-01&to=2026-10-31");
        var listed = october.GetProperty("items").EnumerateArray().Where(s => s.GetProperty("seriesId").GetString() == seriesId).Select(s => s.GetProperty("id").GetString()).ToList();
        Assert.Equal(Enumerable.Reverse(ids), listed);
        var cancelled = await admin.GetFromJsonAsync<JsonElement>("/api/admin/events?from=2026-10-01&to=2026-10-31&status=cancelled");
        Assert.Contains(cancelled.GetProperty("items").EnumerateArray(), s => s.GetProperty("id").GetString() == ids[0]);
        Assert.DoesNotContain(cancelled.GetProperty("items").EnumerateArray(), s => s.GetProperty("id").GetString() == ids[1]);
        // The fixture's clock stands in September 2026: October is still to come.
        var upcoming = await admin.GetFromJsonAsync<JsonElement>("/api/admin/events?when=upcoming");
        Assert.Contains(upcoming.GetProperty("items").EnumerateArray(), s => s.GetProperty("id").GetString() == ids[4]);
        var past = await admin.GetFromJsonAsync<JsonElement>("/api/admin/events?when=past");
        Assert.DoesNotContain(past.GetProperty("items").EnumerateArray(), s => s.GetProperty("seriesId").GetString() == seriesId);
    }

    [Theory]
    [InlineData("from=1er-octobre", "from")]
    [InlineData("from=2026-10-31&to=2026-10-01", "to")]
    [InlineData("status=maybe", "status")]
    [InlineData("when=someday", "when")]
    public async Task A_list_query_that_means_nothing_is_refused(string query, string field)
    {
        var response = await host.CreateAdminClient().GetAsync("/api/admin/events?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
    }
}

/// <summary>The calendar of everything that goes out, over the admin API.</summary>
public sealed class CalendarRouteTests(EventsDevHostFixture host) : IClassFixture<EventsDevHostFixture>
{
    [Fact]
    public async Task The_calendar_shows_a_series_sessions_their_reminders_its_programme_mail_and_the_planned_digests()
    {
        var admin = host.CreateAdminClient();
        var title = "Calendrier " + Guid.NewGuid().ToString("N")[..6];
        var created = await host.CreateSeriesAsync(EventClient.October2026Series(title));
        var first = created.GetProperty("sessions")[0].GetProperty("id").GetString();

        var calendar = await admin.GetFromJsonAsync<JsonElement>("/api/admin/calendar?from=2026-09-20&to=2026-10-31");
        var items = calendar.GetProperty("items").EnumerateArray().ToList();
        var ours = items.Where(i => i.GetProperty("title").GetString()!.StartsWith(title, StringComparison.Ordinal)).ToList();
        Assert.Equal(5, ours.Count(i => i.GetProperty("kind").GetString() == "session"));
        Assert.Equal(10, ours.Count(i => i.GetProperty("kind").GetString() == "reminder"));
        var programme = Assert.Single(ours, i => i.GetProperty("kind").GetString() == "programme");
        Assert.Equal(("2026-09-28T12:00", first), (programme.GetProperty("local").GetString(), programme.GetProperty("id").GetString()));
        Assert.Contains(ours, i => i.GetProperty("kind").GetString() == "reminder" && i.GetProperty("local").GetString() == "2026-10-28T12:00");
        Assert.Contains(items, i => i.GetProperty("kind").GetString() == "digest-planned" && i.GetProperty("title").GetString() == "quotidienne");
        Assert.Equal(items.Select(i => i.GetProperty("at").GetDateTimeOffset()).Order(), items.Select(i => i.GetProperty("at").GetDateTimeOffset()));
    }

    [Theory]
    [InlineData("from=octobre", "from")]
    [InlineData("from=2026-10-01&to=2026-09-01", "to")]
    [InlineData("from=2026-01-01&to=2026-12-31", "to")]
    public async Task A_calendar_query_that_means_nothing_is_refused(string query, string field)
    {
        var response = await host.CreateAdminClient().GetAsync("/api/admin/calendar?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
    }
}

/// <summary>A session's report: counts by status, attendance once known, and by which way people registered.</summary>
public sealed class WebinarReportRouteTests(EventsDevHostFixture host) : IClassFixture<EventsDevHostFixture>
{
    [Fact]
    public async Task A_full_sessions_report_counts_the_seat_the_waitlist_and_where_registrations_came_from_as_json_and_csv()
    {
        var start = DateTimeOffset.UtcNow.AddDays(10);
        var id = await host.CreateSessionAtAsync(start, start.AddHours(1), capacity: 1);
        var (first, second) = (EventClient.UniqueEmail("rapport.un"), EventClient.UniqueEmail("rapport.deux"));
        await host.RegisterManyAsync(id, [first]);
        (await host.CreateClient().RegisterAsync(id, second, waitlist: true)).EnsureSuccessStatusCode();
        await host.ConfirmSeatAsync(id, second); // the address is confirmed; the session being full, onto the waitlist

        var admin = host.CreateAdminClient();
        var report = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/events/{id}/report");
        Assert.Equal((1, 1, 0, false), (report.GetProperty("registered").GetInt32(), report.GetProperty("waitlisted").GetInt32(), report.GetProperty("attended").GetInt32(), report.GetProperty("over").GetBoolean()));
        Assert.False(report.TryGetProperty("noShows", out _)); // not over yet: nobody has missed it
        var by = report.GetProperty("registeredBy").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
        Assert.Equal(2, by.Values.Sum());
        var csv = await admin.GetStringAsync($"/api/admin/events/{id}/report?format=csv");
        Assert.Contains("registered,1", csv);
        Assert.Contains("waitlisted,1", csv);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/admin/events/nosuchsession/report")).StatusCode);
    }
}
