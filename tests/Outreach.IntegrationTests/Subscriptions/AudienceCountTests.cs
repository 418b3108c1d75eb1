using System.Net.Http.Json;
using System.Text;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Outreach.Core.Audiences;
using Outreach.Core.Common.Links;
using Outreach.Core.Common.Storage;
using Outreach.Core.Subscriptions;
using Outreach.IntegrationTests.Infrastructure;

namespace Outreach.IntegrationTests.Subscriptions;

/// <summary>The counts the console shows come from counters, and every path that changes a membership keeps them equal to a full recount.</summary>
public class AudienceCountTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    [Fact]
    public async Task Counts_equal_a_full_recount_after_200_concurrent_sign_ups_and_50_concurrent_unsubscribes()
    {
        var audience = await host.NewAudienceAsync();
        var leaving = Enumerable.Range(0, 100).Select(i => $"leaving{i:D3}@example.org").ToList();
        await ConfirmAllAsync(leaving, audience);
        var arriving = Enumerable.Range(0, 200).Select(i => $"arriving{i:D3}@example.org").ToList();
        var client = host.CreateClient();

        var signUps = arriving.Select(email => client.SignUpAsync(email, audience));
        var unsubscribes = leaving.Take(50).Select(email => client.PostAsync(UnsubscribeLink(email, audience), null));
        var responses = await Task.WhenAll(signUps.Concat(unsubscribes));

        Assert.All(responses, r => Assert.True(r.IsSuccessStatusCode, $"{r.RequestMessage?.RequestUri}: {(int)r.StatusCode}"));
        var counts = await CountsAsync(audience);
        Assert.Equal(new AudienceCounts(Pending: 200, Confirmed: 50, Unsubscribed: 50), counts);
        Assert.Equal(await RecountAsync(audience), counts);
    }

    [Fact]
    public async Task Imports_preferences_and_erasure_keep_the_counts_equal_to_a_recount()
    {
        var audience = await host.NewAudienceAsync();
        var other = await host.NewAudienceAsync();
        var admin = host.CreateAdminClient();

        var csv = new StringContent("email,firstName\nann@example.org,Ann\nbob@example.org,Bob\ncid@example.org,Cid\n", Encoding.UTF8, "text/csv");
        (await admin.PostAsync($"/api/admin/audiences/{audience}/import?status=confirmed&source=Salon%202026", csv)).EnsureSuccessStatusCode();
        var pendingCsv = new StringContent("email\ndan@example.org\nann@example.org\n", Encoding.UTF8, "text/csv");
        (await admin.PostAsync($"/api/admin/audiences/{other}/import?status=pending", pendingCsv)).EnsureSuccessStatusCode();
        await AssertCountsAsync(audience, new AudienceCounts(0, 3, 0));
        await AssertCountsAsync(other, new AudienceCounts(2, 0, 0));

        // Ann keeps `other` through the preference centre and leaves `audience`, then confirms `other` from her mail.
        var form = new FormUrlEncodedContent([new("audiences", other), new("action", "save")]);
        (await host.CreateClient().PostAsync(PreferencesLink("ann@example.org"), form)).EnsureSuccessStatusCode();
        await AssertCountsAsync(audience, new AudienceCounts(0, 2, 1));
        await AssertCountsAsync(other, new AudienceCounts(2, 0, 0));
        await host.FollowConfirmationLinkAsync("ann@example.org");
        await AssertCountsAsync(other, new AudienceCounts(1, 1, 0));

        (await admin.DeleteAsync("/api/admin/subscribers/ann@example.org")).EnsureSuccessStatusCode();
        (await admin.DeleteAsync("/api/admin/subscribers/bob@example.org")).EnsureSuccessStatusCode();
        await AssertCountsAsync(audience, new AudienceCounts(0, 1, 0));
        await AssertCountsAsync(other, new AudienceCounts(1, 0, 0));
    }

    [Fact]
    public async Task The_nightly_reconciliation_repairs_counts_that_drifted_and_leaves_right_ones_alone()
    {
        var audience = await host.NewAudienceAsync();
        await ConfirmAllAsync(["kept@example.org", "gone@example.org"], audience);
        // Rows written behind the store's back (data from before counters, a path that bypassed them).
        var members = await host.Services.GetRequiredService<StorageAccount>().TableAsync(TableNames.Members);
        await members.DeleteEntityAsync(audience, EmailAddress.KeyOf("gone@example.org"));
        await members.AddEntityAsync(new TableEntity(audience, EmailAddress.KeyOf("legacy@example.org")) { ["Email"] = "legacy@example.org", ["Status"] = MemberStatus.Unsubscribed });
        Assert.Equal(new AudienceCounts(0, 2, 0), await CountsAsync(audience));

        await host.RunTimerAsync("ReconcileAudienceCounts");

        Assert.Equal(new AudienceCounts(0, 1, 1), await CountsAsync(audience));
        var again = await host.Services.GetRequiredService<AudienceCountReconciliation>().ReconcileAsync(audience);
        Assert.False(again.Drifted);
        Assert.False(again.Repaired);
    }

    [Fact]
    public async Task Listing_subscribers_and_exporting_never_show_the_counter_rows()
    {
        var audience = await host.NewAudienceAsync();
        await ConfirmAllAsync(["only@example.org"], audience);
        var admin = host.CreateAdminClient();

        var page = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/admin/audiences/{audience}/subscribers");
        var export = await admin.GetStringAsync($"/api/admin/audiences/{audience}/export.csv");

        Assert.Equal("only@example.org", Assert.Single(page.GetProperty("items").EnumerateArray()).GetProperty("email").GetString());
        Assert.Equal(2, export.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    private async Task ConfirmAllAsync(IReadOnlyList<string> emails, string audience)
    {
        var client = host.CreateClient();
        await Task.WhenAll(emails.Select(async email => (await client.SignUpAsync(email, audience)).EnsureSuccessStatusCode()));
        var mails = await host.ReadOutboxAsync();
        var links = emails.Select(email => SubscriptionClient.LinkIn(
            mails.Last(m => m.To.Mailboxes.Any(to => to.Address == email)), "/api/subscriptions/confirm"));
        await Task.WhenAll(links.Select(async link => (await client.PostAsync(link, new FormUrlEncodedContent([]))).EnsureSuccessStatusCode()));
        await host.DrainQueuesAsync();
    }

    private string UnsubscribeLink(string email, string audience) =>
        "/api/unsubscribe?token=" + host.Services.GetRequiredService<LinkTokens>().ForUnsubscribe(EmailAddress.KeyOf(email), audience);

    private string PreferencesLink(string email) =>
        "/api/preferences?token=" + host.Services.GetRequiredService<LinkTokens>().ForPreferences(EmailAddress.KeyOf(email));

    private async Task<AudienceCounts> CountsAsync(string audience)
    {
        var counts = await host.AudienceCountsAsync(audience);
        return new AudienceCounts(counts.GetProperty("pending").GetInt32(), counts.GetProperty("confirmed").GetInt32(), counts.GetProperty("unsubscribed").GetInt32());
    }

    private Task<AudienceCounts> RecountAsync(string audience) =>
        host.Services.GetRequiredService<MembershipStore>().RecountMembersAsync(audience);

    private async Task AssertCountsAsync(string audience, AudienceCounts expected)
    {
        var counts = await CountsAsync(audience);
        Assert.Equal(expected, counts);
        Assert.Equal(await RecountAsync(audience), counts);
    }
}
