using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Outreach.IntegrationTests.Infrastructure;

namespace Outreach.IntegrationTests.Subscriptions;

public class SubscriptionJourneyTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    [Fact]
    public async Task Sign_up_confirm_and_leave_with_one_click()
    {
        var client = host.CreateClient();
        var (first, second) = (await host.NewAudienceAsync(), await host.NewAudienceAsync());
        var signup = await client.SignUpAsync("journey@example.org", first, second);
        Assert.Equal(HttpStatusCode.Accepted, signup.StatusCode);

        var confirmation = Assert.Single(await host.ReadOutboxAsync("journey@example.org"));
        Assert.Null(confirmation.Headers["List-Unsubscribe"]); // transactional mail carries no list headers
        Assert.Equal(1, await host.CountAsync(first, "pending"));

        var confirmed = await client.PostAsync(SubscriptionClient.LinkIn(confirmation, "/api/subscriptions/confirm"), new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Contains("Inscription confirmée", await confirmed.Content.ReadAsStringAsync());
        Assert.Equal(1, await host.CountAsync(first, "confirmed"));
        Assert.Equal(1, await host.CountAsync(second, "confirmed"));

        var welcome = (await host.ReadOutboxAsync("journey@example.org")).Last();
        Assert.Equal("List-Unsubscribe=One-Click", welcome.Headers["List-Unsubscribe-Post"]);
        Assert.Contains(".outreach.example.org>", welcome.Headers["List-Id"]);
        Assert.Contains("/api/preferences?token=", welcome.HtmlBody);
        Assert.Contains("/api/unsubscribe?token=", welcome.HtmlBody);

        var oneClick = await client.PostAsync(SubscriptionClient.ListUnsubscribeUrl(welcome),
            new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.OK, oneClick.StatusCode);
        Assert.Equal(0, await host.CountAsync(first, "confirmed"));
        Assert.Equal(1, await host.CountAsync(first, "unsubscribed"));
        Assert.Equal(1, await host.CountAsync(second, "unsubscribed"));
    }

    [Fact]
    public async Task Confirming_twice_sends_one_welcome()
    {
        var client = host.CreateClient();
        await client.SignUpAsync("twice@example.org", "newsletter");
        var link = SubscriptionClient.LinkIn(Assert.Single(await host.ReadOutboxAsync("twice@example.org")), "/api/subscriptions/confirm");

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(link, new FormUrlEncodedContent([]))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(link, new FormUrlEncodedContent([]))).StatusCode);

        Assert.Equal(2, (await host.ReadOutboxAsync("twice@example.org")).Count);
    }

    [Fact]
    public async Task The_unsubscribe_page_changes_nothing_until_its_button_is_pressed()
    {
        await host.ConfirmAsync("page@example.org", "hebdo-associations");
        var welcome = (await host.ReadOutboxAsync("page@example.org")).Last();
        var link = SubscriptionClient.LinkIn(welcome, "/api/unsubscribe");
        var client = host.CreateClient();

        var page = await client.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<form method=\"post\"", await page.Content.ReadAsStringAsync());
        var before = (await host.CreateAdminClient().GetFromJsonAsync<JsonElement>("/api/admin/subscribers/page@example.org")).GetProperty("memberships");
        Assert.Equal("confirmed", before[0].GetProperty("status").GetString());

        var done = await client.PostAsync(link, new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        var donePage = await done.Content.ReadAsStringAsync();
        Assert.True(donePage.Contains("Désinscription enregistrée"), donePage);
        var after = (await host.CreateAdminClient().GetFromJsonAsync<JsonElement>("/api/admin/subscribers/page@example.org")).GetProperty("memberships");
        Assert.Equal("unsubscribed", after[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_preference_centre_changes_lists_and_can_leave_everything()
    {
        await host.ConfirmAsync("prefs@example.org", "newsletter");
        var welcome = (await host.ReadOutboxAsync("prefs@example.org")).Last();
        var link = SubscriptionClient.LinkIn(welcome, "/api/preferences");
        var client = host.CreateClient();

        var page = await (await client.GetAsync(link)).Content.ReadAsStringAsync();
        Assert.Contains("prefs@example.org", page);
        Assert.Contains("value=\"quotidienne\"", page);

        var saved = await client.PostAsync(link, new FormUrlEncodedContent([new("audiences", "quotidienne"), new("action", "save")]));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var statuses = SubscriptionClient.Statuses(await host.SubscriberAsync("prefs@example.org"));
        Assert.Equal("unsubscribed", statuses["newsletter"]);
        Assert.Equal("pending", statuses["quotidienne"]); // joining waits for the person's confirmation (UnsubscribeSticksTests)

        await client.PostAsync(link, new FormUrlEncodedContent([new("audiences", "quotidienne"), new("action", "leave-all")]));
        var record = await host.SubscriberAsync("prefs@example.org");
        Assert.All(record.GetProperty("memberships").EnumerateArray(), m => Assert.Equal("unsubscribed", m.GetProperty("status").GetString()));
        Assert.Contains(record.GetProperty("consents").EnumerateArray(), c => c.GetProperty("action").GetString() == "unsubscribe");
    }

    [Fact]
    public async Task The_form_post_redirects_to_the_check_inbox_page()
    {
        var client = host.CreateClient(new() { AllowAutoRedirect = false });
        var response = await client.PostAsync("/api/subscriptions", new FormUrlEncodedContent(
        [
            new("email", "form@example.org"), new("firstName", "Zoé"), new("audiences", "newsletter"), new("audiences", "jeudis-odd17"),
            new("consent", "on"), new("website", ""), new("lang", "en"),
        ]));

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/api/subscriptions/check-inbox?lang=en", response.Headers.Location!.OriginalString);
        var page = await (await client.GetAsync(response.Headers.Location)).Content.ReadAsStringAsync();
        Assert.Contains("lang=\"en\"", page);
        var mail = Assert.Single(await host.ReadOutboxAsync("form@example.org"));
        Assert.Equal("Please confirm your subscription", mail.Subject);
        Assert.Contains("Hello Zoé,", mail.TextBody);
    }

    [Fact]
    public async Task Consent_is_recorded_with_its_proof()
    {
        var client = host.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/subscriptions")
        {
            Content = JsonContent.Create(new { email = "proof@example.org", audiences = new[] { "newsletter" }, consent = true, source = "salon-2026" }),
        };
        request.Headers.Add("X-Forwarded-For", "203.0.113.77");
        await client.SendAsync(request);

        var record = await host.SubscriberAsync("proof@example.org");
        var consent = Assert.Single(record.GetProperty("consents").EnumerateArray());
        Assert.Equal("signup", consent.GetProperty("action").GetString());
        Assert.Equal("salon-2026", consent.GetProperty("source").GetString());
        Assert.Equal("203.0.113.0/24", consent.GetProperty("ipPrefix").GetString());
        Assert.False(string.IsNullOrEmpty(consent.GetProperty("wordingVersion").GetString()));
        Assert.Equal("newsletter", consent.GetProperty("audiences")[0].GetString());
    }

    [Fact]
    public async Task Signing_up_again_quickly_sends_no_second_confirmation()
    {
        var client = host.CreateClient();
        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.Accepted, (await client.SignUpAsync("again@example.org", "newsletter")).StatusCode);

        Assert.Single(await host.ReadOutboxAsync("again@example.org"));
    }
}
