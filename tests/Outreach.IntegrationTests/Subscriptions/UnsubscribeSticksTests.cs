using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Outreach.IntegrationTests.Infrastructure;

namespace Outreach.IntegrationTests.Subscriptions;

/// <summary>An unsubscribe stays until the person confirms again; nobody else, and no old link, can undo it.</summary>
public class UnsubscribeSticksTests(FakeClockDevHostFixture host) : IClassFixture<FakeClockDevHostFixture>
{
    [Fact]
    public async Task An_unsubscribe_and_its_proof_survive_an_anonymous_sign_up_and_a_confirmed_import()
    {
        var audience = await host.NewAudienceAsync();
        await host.ConfirmAsync("stays-out@example.org", audience);
        await LeaveWithOneClickAsync("stays-out@example.org");
        var left = Membership(await host.SubscriberAsync("stays-out@example.org"), audience);

        await host.CreateClient().SignUpAsync("stays-out@example.org", audience);
        var import = await host.CreateAdminClient().PostAsync($"/api/admin/audiences/{audience}/import?status=confirmed&source=old-list",
            new StringContent("email,firstName\nstays-out@example.org,Someone\n", System.Text.Encoding.UTF8, "text/csv"));
        var report = await import.Content.ReadFromJsonAsync<JsonElement>();

        var after = await host.SubscriberAsync("stays-out@example.org");
        var membership = Membership(after, audience);
        Assert.Equal("unsubscribed", membership.GetProperty("status").GetString());
        Assert.Equal(left.GetProperty("unsubscribedAt").GetString(), membership.GetProperty("unsubscribedAt").GetString());
        Assert.Equal("unsubscribed", report.GetProperty("lines")[0].GetProperty("reason").GetString());
        Assert.Contains(after.GetProperty("consents").EnumerateArray(), c => c.GetProperty("action").GetString() == "unsubscribe");
        Assert.Equal(0, await host.CountAsync(audience, "confirmed"));
    }

    [Fact]
    public async Task The_preference_link_cannot_join_a_list_without_the_persons_confirmation()
    {
        var (kept, joined) = (await host.NewAudienceAsync(), await host.NewAudienceAsync());
        await host.ConfirmAsync("joins@example.org", kept);
        var link = SubscriptionClient.LinkIn((await host.ReadOutboxAsync("joins@example.org")).Last(), "/api/preferences");
        host.FakeTime!.Advance(TimeSpan.FromMinutes(2)); // past the confirmation mails' minimum interval

        var saved = await host.CreateClient().PostAsync(link, new FormUrlEncodedContent([new("audiences", kept), new("audiences", joined), new("action", "save")]));

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Contains("confirmez avec le lien", await saved.Content.ReadAsStringAsync());
        Assert.Equal("pending", SubscriptionClient.Statuses(await host.SubscriberAsync("joins@example.org"))[joined]);
        Assert.Equal(0, await host.CountAsync(joined, "confirmed"));
        Assert.Equal("Confirmez votre inscription", (await host.ReadOutboxAsync("joins@example.org")).Last().Subject);

        await host.FollowConfirmationLinkAsync("joins@example.org");
        Assert.Equal("confirmed", SubscriptionClient.Statuses(await host.SubscriberAsync("joins@example.org"))[joined]);
    }

    [Fact]
    public async Task Coming_back_after_unsubscribing_needs_the_persons_own_confirmation()
    {
        var audience = await host.NewAudienceAsync();
        await host.ConfirmAsync("back@example.org", audience);
        await LeaveWithOneClickAsync("back@example.org");
        host.FakeTime!.Advance(TimeSpan.FromMinutes(2));

        await host.CreateClient().SignUpAsync("back@example.org", audience);
        Assert.Equal("unsubscribed", SubscriptionClient.Statuses(await host.SubscriberAsync("back@example.org"))[audience]);
        Assert.Equal("Confirmez votre inscription", (await host.ReadOutboxAsync("back@example.org")).Last().Subject);

        await host.FollowConfirmationLinkAsync("back@example.org");
        Assert.Equal("confirmed", SubscriptionClient.Statuses(await host.SubscriberAsync("back@example.org"))[audience]);
    }

    [Fact]
    public async Task A_forwarded_preference_link_cannot_bring_back_an_unsubscribed_person()
    {
        var audience = await host.NewAudienceAsync();
        await host.ConfirmAsync("forwarded@example.org", audience);
        var link = SubscriptionClient.LinkIn((await host.ReadOutboxAsync("forwarded@example.org")).Last(), "/api/preferences");
        await LeaveWithOneClickAsync("forwarded@example.org");

        await host.CreateClient().PostAsync(link, new FormUrlEncodedContent([new("audiences", audience), new("action", "save")]));

        Assert.Equal("unsubscribed", SubscriptionClient.Statuses(await host.SubscriberAsync("forwarded@example.org"))[audience]);
        Assert.Equal(0, await host.CountAsync(audience, "confirmed"));
    }

    [Fact]
    public async Task An_expired_preference_link_shows_a_page_that_mails_a_fresh_one()
    {
        var audience = await host.NewAudienceAsync();
        await host.ConfirmAsync("old-link@example.org", audience);
        var link = SubscriptionClient.LinkIn((await host.ReadOutboxAsync("old-link@example.org")).Last(), "/api/preferences");
        var client = host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(link)).StatusCode);

        host.FakeTime!.Advance(TimeSpan.FromDays(61));
        var expired = await client.GetAsync(link);
        var page = await expired.Content.ReadAsStringAsync();
        var saved = await client.PostAsync(link, new FormUrlEncodedContent([new("action", "leave-all")]));

        Assert.Equal(HttpStatusCode.BadRequest, expired.StatusCode);
        Assert.Contains("Lien expiré", page);
        Assert.Contains("/api/preferences/new-link?token=", page);
        Assert.Equal(HttpStatusCode.BadRequest, saved.StatusCode);
        Assert.Equal("confirmed", SubscriptionClient.Statuses(await host.SubscriberAsync("old-link@example.org"))[audience]);

        var sent = await client.PostAsync(link.Replace("/api/preferences?", "/api/preferences/new-link?"), new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        var fresh = (await host.ReadOutboxAsync("old-link@example.org")).Last();
        Assert.Equal("Votre lien pour gérer vos préférences", fresh.Subject);
        var freshPage = await client.GetAsync(SubscriptionClient.LinkIn(fresh, "/api/preferences"));
        Assert.Equal(HttpStatusCode.OK, freshPage.StatusCode);
        Assert.Contains("old-link@example.org", await freshPage.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_nightly_purge_keeps_the_proof_of_an_unsubscribe()
    {
        var audience = await host.NewAudienceAsync();
        await host.ConfirmAsync("proof-kept@example.org", audience);
        await LeaveWithOneClickAsync("proof-kept@example.org");
        await host.CreateClient().SignUpAsync("proof-kept@example.org", audience);
        await host.DrainQueuesAsync();

        host.FakeTime!.Advance(TimeSpan.FromDays(31));
        await host.RunTimerAsync("PurgeUnconfirmed");

        var record = await host.SubscriberAsync("proof-kept@example.org");
        Assert.Contains(record.GetProperty("consents").EnumerateArray(), c => c.GetProperty("action").GetString() == "unsubscribe");
    }

    private async Task LeaveWithOneClickAsync(string email)
    {
        var welcome = (await host.ReadOutboxAsync(email)).Last(m => m.Headers["List-Unsubscribe"] is not null);
        var left = await host.CreateClient().PostAsync(SubscriptionClient.ListUnsubscribeUrl(welcome), new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        left.EnsureSuccessStatusCode();
    }

    private static JsonElement Membership(JsonElement subscriber, string audience) =>
        subscriber.GetProperty("memberships").EnumerateArray().Single(m => m.GetProperty("audience").GetString() == audience);
}
