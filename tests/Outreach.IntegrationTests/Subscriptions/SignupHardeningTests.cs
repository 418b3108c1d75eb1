using System.Net;
using System.Net.Http.Json;
using Outreach.IntegrationTests.Infrastructure;

namespace Outreach.IntegrationTests.Subscriptions;

/// <summary>What an anonymous caller of the sign-up endpoint and the confirmation link can and cannot do.</summary>
public class SignupHardeningTests(FakeClockDevHostFixture host) : IClassFixture<FakeClockDevHostFixture>
{
    [Fact]
    public async Task Sign_up_does_the_same_storage_work_whatever_the_address_state()
    {
        var client = host.CreateClient();
        await client.SignUpAsync("pending-t@example.org", "newsletter");
        await host.ConfirmAsync("confirmed-t@example.org", "newsletter");
        await host.ConfirmAsync("left-t@example.org", "newsletter");
        var welcome = (await host.ReadOutboxAsync("left-t@example.org")).Last();
        await client.PostAsync(SubscriptionClient.ListUnsubscribeUrl(welcome), new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        await host.ConfirmAsync("erased-t@example.org", "newsletter");
        await host.CreateAdminClient().DeleteAsync("/api/admin/subscribers/erased-t@example.org");
        await host.DrainQueuesAsync();

        using var recorder = new StorageRequestRecorder(host.NamePrefix);
        var work = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var email in new[] { "new-t@example.org", "pending-t@example.org", "confirmed-t@example.org", "left-t@example.org", "erased-t@example.org" })
        {
            recorder.Take();
            Assert.Equal(HttpStatusCode.Accepted, (await client.SignUpAsync(email, "newsletter")).StatusCode);
            work[email] = recorder.Take();
        }

        Assert.NotEmpty(work["new-t@example.org"]);
        Assert.All(work, w => Assert.Equal(work["new-t@example.org"], w.Value));
        Assert.All(work["new-t@example.org"], request => Assert.DoesNotContain("members", request)); // nothing read about the address
    }

    [Fact]
    public async Task A_sign_up_never_changes_an_existing_contacts_name_or_language()
    {
        await host.ConfirmAsync("named@example.org", "newsletter"); // first name Marie, French
        await host.DrainQueuesAsync();
        host.FakeTime!.Advance(TimeSpan.FromMinutes(2)); // past the confirmation mails' minimum interval
        var client = host.CreateClient();

        await client.PostAsJsonAsync("/api/subscriptions", new { email = "named@example.org", firstName = "Mallory says hi", audiences = new[] { "quotidienne" }, consent = true, lang = "en" });

        var record = await host.SubscriberAsync("named@example.org");
        Assert.Equal("Marie", record.GetProperty("profile").GetProperty("firstName").GetString());
        Assert.Equal("fr", record.GetProperty("profile").GetProperty("language").GetString());
        var confirmation = (await host.ReadOutboxAsync("named@example.org")).Last();
        Assert.Equal("Confirmez votre inscription", confirmation.Subject);
        Assert.Contains("Bonjour Marie,", confirmation.TextBody);
        Assert.DoesNotContain("Mallory", confirmation.TextBody);
        Assert.Equal("Marie", confirmation.To.Mailboxes.Single().Name);
    }

    [Fact]
    public async Task The_confirmation_link_shows_a_button_and_only_its_POST_confirms()
    {
        var audience = await host.NewAudienceAsync();
        var client = host.CreateClient();
        await client.SignUpAsync("scanned@example.org", audience);
        var link = SubscriptionClient.LinkIn(Assert.Single(await host.ReadOutboxAsync("scanned@example.org")), "/api/subscriptions/confirm");

        var page = await client.GetAsync(link);
        var again = await client.GetAsync(link); // a link scanner, then the person
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<form method=\"post\" action=\"/api/subscriptions/confirm?token=", html);
        Assert.Equal(1, await host.CountAsync(audience, "pending"));
        Assert.Equal(0, await host.CountAsync(audience, "confirmed"));
        Assert.Single(await host.ReadOutboxAsync("scanned@example.org")); // no welcome yet

        var confirmed = await client.PostAsync(link, new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Contains("Inscription confirmée", await confirmed.Content.ReadAsStringAsync());
        Assert.Equal(1, await host.CountAsync(audience, "confirmed"));
    }

    [Fact]
    public async Task The_consent_proof_takes_the_address_the_platform_saw_not_the_first_forwarded_hop()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/subscriptions")
        {
            Content = JsonContent.Create(new { email = "forwarded-for@example.org", audiences = new[] { "newsletter" }, consent = true }),
        };
        request.Headers.Add("X-Forwarded-For", "198.51.100.9, 203.0.113.77:51234"); // the client's claim, then what Azure's front end appended
        await host.CreateClient().SendAsync(request);

        var record = await host.SubscriberAsync("forwarded-for@example.org");
        Assert.Equal("203.0.113.0/24", Assert.Single(record.GetProperty("consents").EnumerateArray()).GetProperty("ipPrefix").GetString());
    }

    [Theory]
    [InlineData("Salon 2026, stand B")]
    [InlineData("<b>stand</b>")]
    [InlineData("marie.dupont@example.org")]
    public async Task The_public_form_accepts_only_a_short_source_label(string source)
    {
        var json = await host.CreateClient().PostAsJsonAsync("/api/subscriptions", new { email = "source@example.org", audiences = new[] { "newsletter" }, consent = true, source });
        var form = await host.CreateClient().PostAsync("/api/subscriptions", new FormUrlEncodedContent(
            [new("email", "source@example.org"), new("audiences", "newsletter"), new("consent", "on"), new("source", source)]));

        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, form.StatusCode);
        Assert.Contains("source", (await json.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name));
    }
}
