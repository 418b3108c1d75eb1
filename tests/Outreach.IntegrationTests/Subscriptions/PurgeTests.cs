using System.Text.Json;
using System.Net.Http.Json;
using Outreach.IntegrationTests.Infrastructure;

namespace Outreach.IntegrationTests.Subscriptions;

public sealed class FakeClockDevHostFixture : DevHostFixture
{
    public FakeClockDevHostFixture() => UseFakeTime(new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero));
}

public class PurgeTests(FakeClockDevHostFixture host) : IClassFixture<FakeClockDevHostFixture>
{
    [Fact]
    public async Task Unconfirmed_sign_ups_are_purged_after_the_retention_period_and_confirmed_ones_stay()
    {
        await host.CreateClient().SignUpAsync("never@example.org", "hebdo-entreprises");
        await host.ConfirmAsync("kept@example.org", "hebdo-entreprises");

        host.FakeTime!.Advance(TimeSpan.FromDays(29));
        await host.RunTimerAsync("PurgeUnconfirmed");
        Assert.Equal(1, await host.CountAsync("hebdo-entreprises", "pending"));

        host.FakeTime.Advance(TimeSpan.FromDays(2));
        await host.RunTimerAsync("PurgeUnconfirmed");
        Assert.Equal(0, await host.CountAsync("hebdo-entreprises", "pending"));
        Assert.Equal(1, await host.CountAsync("hebdo-entreprises", "confirmed"));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await host.CreateAdminClient().GetAsync("/api/admin/subscribers/never@example.org")).StatusCode);
        var kept = await host.CreateAdminClient().GetFromJsonAsync<JsonElement>("/api/admin/subscribers/kept@example.org");
        Assert.Equal("confirmed", kept.GetProperty("memberships")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_confirmation_link_older_than_seven_days_no_longer_confirms()
    {
        var client = host.CreateClient();
        await client.SignUpAsync("late@example.org", "hebdo-associations");
        var link = SubscriptionClient.LinkIn(Assert.Single(await host.ReadOutboxAsync("late@example.org")), "/api/subscriptions/confirm");

        host.FakeTime!.Advance(TimeSpan.FromDays(7.5));
        var response = await client.GetAsync(link);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("expiré", await response.Content.ReadAsStringAsync());
    }
}
