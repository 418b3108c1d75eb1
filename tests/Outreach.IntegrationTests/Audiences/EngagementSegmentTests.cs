using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Outreach.Core.Audiences.Profiles;
using Outreach.Core.Campaigns;
using Outreach.Core.Common.Storage;
using Outreach.Core.Events.Registrations;
using Outreach.Core.Events.Sessions;
using Outreach.Core.Subscriptions;
using Outreach.Core.Webhooks.SendGrid;
using Outreach.IntegrationTests.Campaigns;
using Outreach.IntegrationTests.Infrastructure;

namespace Outreach.IntegrationTests.Audiences;

/// <summary>
/// Segments on engagement: registered to, attended or missed a session or any session of a series, clicked in the
/// audience's last campaigns. Their counts and the campaigns sent to them reach exactly the people meant.
/// </summary>
public class EngagementSegmentTests(DevHostFixture host, ITestOutputHelper output) : IClassFixture<DevHostFixture>
{
    private static readonly DateTimeOffset Now = EngagementData.Now;

    [Fact]
    public async Task Registered_attended_and_missed_a_session_or_a_series_count_and_reach_exactly_those_people()
    {
        var audience = await host.NewAudienceAsync("eng");
        var people = await host.SeedMembersAsync(audience, "a", "b", "c", "d", "e", "f", "g", "h", "i");
        var pending = await host.SeedPendingAsync(audience, "p");
        var past = await host.AddSessionAsync(Now.AddDays(-2));
        var future = await host.AddSessionAsync(Now.AddDays(20));
        var (series, seriesPast, seriesFuture) = await host.AddSeriesAsync();

        await host.RegisterAsync(past, people["a"], attended: true);
        await host.RegisterAsync(past, people["b"]);
        await host.RegisterAsync(past, people["c"], RegistrationStatus.Waitlisted);
        await host.RegisterAsync(past, people["d"], RegistrationStatus.Cancelled);
        await host.RegisterAsync(past, pending["p"], attended: true);
        await host.RegisterAsync(future, people["e"]);
        await host.RegisterAsync(seriesPast, people["f"], attended: false);
        await host.RegisterAsync(seriesFuture, people["g"]);
        await host.RegisterAsync(seriesPast, people["h"], attended: true);
        await host.RegisterAsync(seriesFuture, people["b"]);

        var expected = new Dictionary<string, (object Where, string[] Who)>
        {
            ["registered-session"] = (Engaged(new { registered = new { session = past } }), ["a", "b"]),
            ["attended-session"] = (Engaged(new { attended = new { session = past } }), ["a"]),
            ["missed-session"] = (Engaged(new { missed = new { session = past } }), ["b"]),
            ["registered-future"] = (Engaged(new { registered = new { session = future } }), ["e"]),
            ["missed-future"] = (Engaged(new { missed = new { session = future } }), []),
            ["registered-series"] = (Engaged(new { registered = new { series } }), ["b", "f", "g", "h"]),
            ["attended-series"] = (Engaged(new { attended = new { series } }), ["h"]),
            ["missed-series"] = (Engaged(new { missed = new { series } }), ["f"]),
            ["series-and-missed-session"] = (Engaged(new { registered = new { series } }, new { missed = new { session = past } }), ["b"]),
            ["series-and-tag"] = (new { tags = new[] { "partenaire" }, engagement = new[] { new { registered = new { series } } } }, ["g"]),
        };
        foreach (var (name, (where, who)) in expected)
        {
            var id = await CreateSegmentAsync(name, audience, where);
            Assert.True(who.Length == await CountAsync(id), $"{name}: expected {who.Length}");
            if (name is "missed-session" or "registered-series" or "missed-future") await AssertCampaignReachesAsync(id, name, who.Select(p => people[p].Email));
        }
    }

    [Fact]
    public async Task Clicked_in_the_last_campaigns_counts_the_audience_s_last_sent_campaigns_only_and_a_campaign_reaches_those_clickers()
    {
        var audience = await host.NewAudienceAsync("clk");
        var other = await host.NewAudienceAsync("clk");
        var people = await host.SeedMembersAsync(audience, "x", "y", "z", "w", "v");
        await host.SeedMembersAsync(other, "w");
        var oldest = await SendCampaignAsync(audience, "C1");
        var middle = await SendCampaignAsync(audience, "C2");
        var newest = await SendCampaignAsync(audience, "C3");
        var elsewhere = await SendCampaignAsync(other, "C-other");
        var clicks = host.Services.GetRequiredService<ClickLedger>();
        await clicks.RecordAsync(oldest, people["x"].ContactKey, "https://example.org/a");
        await clicks.RecordAsync(middle, people["z"].ContactKey, "https://example.org/a");
        await clicks.RecordAsync(newest, people["y"].ContactKey, "https://example.org/b");
        await clicks.RecordAsync(newest, people["y"].ContactKey, "https://example.org/c");
        await clicks.RecordAsync(elsewhere, people["w"].ContactKey, "https://example.org/a");

        Assert.Equal(1, await CountAsync(await CreateSegmentAsync("last-1", audience, Engaged(new { clickedInLastCampaigns = 1 }))));
        Assert.Equal(3, await CountAsync(await CreateSegmentAsync("last-3", audience, Engaged(new { clickedInLastCampaigns = 3 }))));
        var lastTwo = await CreateSegmentAsync("last-2", audience, Engaged(new { clickedInLastCampaigns = 2 }));
        Assert.Equal(2, await CountAsync(lastTwo));
        await AssertCampaignReachesAsync(lastTwo, "clickers", [people["y"].Email, people["z"].Email]);
    }

    [Fact]
    public async Task A_segment_whose_engagement_conditions_meet_no_one_is_counted_without_reading_the_audience()
    {
        var audience = await host.NewAudienceAsync("big");
        await host.SeedMembersAsync(audience, Enumerable.Range(0, 2_500).Select(i => "m" + i).ToArray());
        var future = await host.AddSessionAsync(Now.AddDays(20));
        var nobodyTagged = await CreateSegmentAsync("nobody-tagged", audience, new { tags = new[] { "personne" } });
        var nobodyMissed = await CreateSegmentAsync("nobody-missed", audience, Engaged(new { missed = new { session = future } }));

        var (taggedCount, tagged) = await OperationsOfCountAsync(nobodyTagged);
        var (missedCount, missed) = await OperationsOfCountAsync(nobodyMissed);

        output.WriteLine($"count of a profile segment no one meets: {string.Join(", ", tagged)}; of an engagement segment no one meets: {string.Join(", ", missed)}");
        Assert.Equal((0, 0), (taggedCount, missedCount));
        Assert.True(tagged.GetValueOrDefault("table query") >= 3, $"the audience is read in pages: {string.Join(", ", tagged)}");
        Assert.True(missed.GetValueOrDefault("table query") < tagged.GetValueOrDefault("table query"), $"missed {string.Join(", ", missed)}; tagged {string.Join(", ", tagged)}");
    }

    [Theory]
    [InlineData("""{"session":"no-such-session-abc123"}""", "registered")]
    [InlineData("""{"series":"no-such-series-abc123"}""", "missed")]
    [InlineData("""{"session":"SESSION","series":"SERIES"}""", "attended")]
    [InlineData("""{}""", "attended")]
    [InlineData("""0""", "clickedInLastCampaigns")]
    [InlineData("""51""", "clickedInLastCampaigns")]
    [InlineData("""2.5""", "clickedInLastCampaigns")]
    [InlineData("""3""", "opened")]
    public async Task An_engagement_condition_that_names_nothing_real_is_refused_with_its_field_and_nothing_is_stored(string value, string condition)
    {
        var session = await host.AddSessionAsync(Now.AddDays(-1));
        var (series, _, _) = await host.AddSeriesAsync();
        var name = "bad-" + Guid.NewGuid().ToString("N")[..8];
        var body = $$$"""{"name":"{{{name}}}","audience":"newsletter","where":{"engagement":[{"{{{condition}}}":{{{value.Replace("SESSION", session).Replace("SERIES", series)}}}}]}}""";

        var response = await host.CreateAdminClient().PostAsync("/api/admin/segments", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("where.engagement", out _), problem.ToString());
        var stored = await host.CreateAdminClient().GetFromJsonAsync<JsonElement>("/api/admin/segments");
        Assert.DoesNotContain(stored.EnumerateArray(), s => s.GetProperty("name").GetString() == name);
    }

    [Fact]
    public async Task A_segment_keeps_and_shows_its_engagement_conditions_as_given()
    {
        var session = await host.AddSessionAsync(Now.AddDays(-1));
        var id = await CreateSegmentAsync("shown", "newsletter", Engaged(new { attended = new { session } }, new { clickedInLastCampaigns = 5 }));

        var where = (await host.CreateAdminClient().GetFromJsonAsync<JsonElement>($"/api/admin/segments/{id}")).GetProperty("where").GetProperty("engagement");

        Assert.Equal($$$"""[{"attended":{"session":"{{{session}}}"}},{"clickedInLastCampaigns":5}]""", where.GetRawText());
    }

    [Fact]
    public async Task One_condition_given_alone_is_kept_as_a_list_of_one()
    {
        var (series, _, _) = await host.AddSeriesAsync();
        var id = await CreateSegmentAsync("alone", "newsletter", new { engagement = new { missed = new { series } } });

        var where = (await host.CreateAdminClient().GetFromJsonAsync<JsonElement>($"/api/admin/segments/{id}")).GetProperty("where").GetProperty("engagement");

        Assert.Equal($$$"""[{"missed":{"series":"{{{series}}}"}}]""", where.GetRawText());
    }

    private static object Engaged(params object[] conditions) => new { engagement = conditions };

    private async Task<string> CreateSegmentAsync(string name, string audience, object where)
    {
        var response = await host.CreateAdminClient().PostAsJsonAsync("/api/admin/segments", new { name, audience, where });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private async Task<(int Count, Dictionary<string, long> Operations)> OperationsOfCountAsync(string segmentId)
    {
        var operations = host.Services.GetRequiredService<StorageOperations>();
        var before = operations.Snapshot();
        var count = await CountAsync(segmentId);
        return (count, operations.Snapshot().ToDictionary(p => p.Key, p => p.Value - before.GetValueOrDefault(p.Key)));
    }

    private async Task<int> CountAsync(string segmentId) =>
        (await host.CreateAdminClient().GetFromJsonAsync<JsonElement>($"/api/admin/segments/{segmentId}/count")).GetProperty("count").GetInt32();

    /// <summary>Sends a campaign to the segment through the planner and the sender, and checks who got it.</summary>
    private async Task AssertCampaignReachesAsync(string segmentId, string name, IEnumerable<string> expected)
    {
        var subject = $"Segment {name} {Guid.NewGuid():N}";
        await host.CreateCampaignAsync(new { subject, html = "<p>Bonjour</p>", segment = segmentId });
        var reached = (await host.ReadOutboxAsync()).Where(m => m.Subject == subject).Select(m => m.To.Mailboxes.Single().Address);
        DeliveryClient.AssertSameAddresses(expected, reached);
    }

    /// <summary>Sends a campaign to the whole audience (draining the queues), then lets the dispatcher record it sent.</summary>
    private async Task<string> SendCampaignAsync(string audience, string subject)
    {
        var id = await host.CreateCampaignAsync(new { subject, html = "<p>Bonjour <a href=\"https://example.org/a\">a</a></p>", audiences = new[] { audience } });
        await host.DrainQueuesAsync();
        await host.RunTimerAsync("DispatchCampaigns");
        Assert.Equal(CampaignStates.Sent, (await host.Services.GetRequiredService<CampaignStore>().FindAsync(id))?.State);
        return id;
    }
}
