using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Outreach.Core.Common.Configuration;
using Outreach.Core.Common.Links;
using Outreach.Core.Common.Storage;
using Outreach.Core.Subscriptions;
using Outreach.IntegrationTests.Infrastructure;

namespace Outreach.IntegrationTests.Subscriptions;

public class BadInputTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    public static TheoryData<string, string> InvalidJsonBodies => new()
    {
        { "invalid e-mail", """{"email":"not-an-address","audiences":["newsletter"],"consent":true}""" },
        { "unknown audience", """{"email":"a1@example.org","audiences":["nope"],"consent":true}""" },
        { "no audience", """{"email":"a2@example.org","audiences":[],"consent":true}""" },
        { "missing consent", """{"email":"a3@example.org","audiences":["newsletter"]}""" },
        { "consent false", """{"email":"a4@example.org","audiences":["newsletter"],"consent":false}""" },
        { "CR/LF in name", """{"email":"a5@example.org","firstName":"Eve\r\nBcc: x@example.org","audiences":["newsletter"],"consent":true}""" },
        { "HTML in name", """{"email":"a6@example.org","firstName":"<script>alert(1)</script>","audiences":["newsletter"],"consent":true}""" },
        { "malformed JSON", """{"email":"a7@example.org","audiences":["newsletter"],"consent":tru""" },
        { "JSON array", """["a8@example.org"]""" },
        { "wrong type", """{"email":"a9@example.org","audiences":"newsletter","consent":true}""" },
    };

    [Theory]
    [MemberData(nameof(InvalidJsonBodies))]
    public async Task Invalid_json_sign_ups_get_a_problem_and_store_nothing(string why, string body)
    {
        var before = await StoredAsync();
        var response = await host.CreateClient().PostAsync("/api/subscriptions", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, why);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        await AssertNothingStoredAsync(before);
    }

    [Fact]
    public async Task A_body_over_64_KB_is_refused()
    {
        var huge = JsonSerializer.Serialize(new { email = "big@example.org", firstName = new string('a', 70_000), audiences = new[] { "newsletter" }, consent = true });
        var response = await host.CreateClient().PostAsync("/api/subscriptions", new StringContent(huge, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("64 KB", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await host.CreateAdminClient().GetAsync("/api/admin/subscribers/big@example.org")).StatusCode);
    }

    [Fact]
    public async Task An_invalid_form_gets_the_form_back_with_readable_errors_and_the_values_encoded()
    {
        var response = await host.CreateClient().PostAsync("/api/subscriptions", new FormUrlEncodedContent(
            [new("email", "\"><script>x</script>"), new("firstName", "<b>Jo</b>"), new("audiences", "newsletter")]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("Merci de corriger", page);
        Assert.Contains("Consentement", page);
        Assert.DoesNotContain("<script>x</script>", page);
        Assert.DoesNotContain("<b>Jo</b>", page);
        Assert.Contains("&lt;b&gt;Jo&lt;/b&gt;", page);
    }

    [Fact]
    public async Task A_filled_honeypot_is_accepted_silently_and_stores_nothing()
    {
        var client = host.CreateClient(new() { AllowAutoRedirect = false });
        var form = await client.PostAsync("/api/subscriptions", new FormUrlEncodedContent(
            [new("email", "bot@example.org"), new("audiences", "newsletter"), new("consent", "on"), new("website", "http://spam.example")]));
        var json = await client.PostAsJsonAsync("/api/subscriptions", new { email = "bot2@example.org", audiences = new[] { "newsletter" }, consent = true, website = "x" });

        Assert.Equal(HttpStatusCode.SeeOther, form.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, json.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.CreateAdminClient().GetAsync("/api/admin/subscribers/bot@example.org")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.CreateAdminClient().GetAsync("/api/admin/subscribers/bot2@example.org")).StatusCode);
        Assert.Empty(await host.ReadOutboxAsync("bot@example.org"));
    }

    [Fact]
    public async Task An_unsupported_content_type_is_a_problem_not_a_crash()
    {
        var response = await host.CreateClient().PostAsync("/api/subscriptions", new StringContent("email=x", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    public static TheoryData<string> BadTokens => new()
    {
        "", "garbage", "abc.def", "eyJ2MSJ9.AAAA",
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task Bad_tokens_get_a_readable_400_page_on_every_link(string token)
    {
        var client = host.CreateClient();
        foreach (var path in new[] { "/api/subscriptions/confirm", "/api/unsubscribe", "/api/preferences" })
        {
            var get = await client.GetAsync($"{path}?token={Uri.EscapeDataString(token)}");
            Assert.Equal(HttpStatusCode.BadRequest, get.StatusCode);
            Assert.Contains("Lien non valable", await get.Content.ReadAsStringAsync());
        }

        var post = await client.PostAsync($"/api/unsubscribe?token={Uri.EscapeDataString(token)}", new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
    }

    [Fact]
    public async Task Tampered_expired_and_wrong_purpose_tokens_are_refused()
    {
        var client = host.CreateClient();
        var audience = await host.NewAudienceAsync();
        await client.SignUpAsync("tokens@example.org", audience);
        var confirmLink = SubscriptionClient.LinkIn(Assert.Single(await host.ReadOutboxAsync("tokens@example.org")), "/api/subscriptions/confirm");
        var token = Uri.UnescapeDataString(confirmLink.Split("token=")[1].Split('&')[0]);
        EmailAddress.TryParse("tokens@example.org", out var address);

        var tampered = token[..^2] + (token[^2] == 'A' ? "BB" : "AA");
        var pastClock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(-8));
        var expired = new LinkTokens(Options.Create(new TokenOptions { SigningKey = DevHostFixture.SigningKey, ConfirmationValidityDays = 7 }), pastClock).ForConfirmation(address.Key);
        var preferences = new LinkTokens(Options.Create(new TokenOptions { SigningKey = DevHostFixture.SigningKey }), TimeProvider.System).ForPreferences(address.Key);

        var tamperedPage = await client.GetAsync($"/api/subscriptions/confirm?token={Uri.EscapeDataString(tampered)}");
        var expiredPage = await client.GetAsync($"/api/subscriptions/confirm?token={Uri.EscapeDataString(expired)}");
        var wrongPurposePage = await client.GetAsync($"/api/subscriptions/confirm?token={Uri.EscapeDataString(preferences)}");

        Assert.Equal(HttpStatusCode.BadRequest, tamperedPage.StatusCode);
        Assert.Contains("a été modifié", await tamperedPage.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, expiredPage.StatusCode);
        Assert.Contains("expiré", await expiredPage.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, wrongPurposePage.StatusCode);
        Assert.Contains("pas fait pour cette page", await wrongPurposePage.Content.ReadAsStringAsync());
        Assert.Equal(0, await host.CountAsync(audience, "confirmed"));
    }

    /// <summary>
    /// Nothing of a refused request reached storage, whatever its address (or lack of one): once every queued sign-up is
    /// processed, the subscriber tables hold the rows they held before and no mail went out.
    /// </summary>
    private async Task AssertNothingStoredAsync(IReadOnlyDictionary<string, int> before)
    {
        Assert.Equal(before, await StoredAsync());
    }

    /// <summary>Rows per subscriber table, and mails in the outbox, after the queues are drained.</summary>
    private async Task<IReadOnlyDictionary<string, int>> StoredAsync()
    {
        await host.DrainQueuesAsync();
        var storage = host.Services.GetRequiredService<StorageAccount>();
        var stored = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var name in new[] { TableNames.Members, TableNames.Contacts, TableNames.Consents, TableNames.Suppressions })
        {
            var table = await storage.TableAsync(name);
            var rows = 0;
            await foreach (var _ in table.QueryAsync<Azure.Data.Tables.TableEntity>(select: ["RowKey"])) rows++;
            stored[name] = rows;
        }

        stored["outbox"] = (await host.ReadOutboxAsync(drainQueuesFirst: false)).Count;
        return stored;
    }
}
