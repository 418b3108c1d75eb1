using System.Net;
using System.Net.Http.Json;
using Outreach.IntegrationTests.Infrastructure;

namespace Outreach.IntegrationTests.Subscriptions;

public class IdenticalAnswerTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    [Fact]
    public async Task Sign_up_answers_alike_for_new_pending_confirmed_unsubscribed_and_suppressed_addresses()
    {
        var client = host.CreateClient();
        await client.SignUpAsync("pending@example.org", "newsletter");
        await host.ConfirmAsync("confirmed@example.org", "newsletter");
        await host.ConfirmAsync("left@example.org", "newsletter");
        var welcome = (await host.ReadOutboxAsync("left@example.org")).Last();
        await client.PostAsync(SubscriptionClient.ListUnsubscribeUrl(welcome), new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        await host.ConfirmAsync("erased@example.org", "newsletter");
        Assert.Equal(HttpStatusCode.NoContent, (await host.CreateAdminClient().DeleteAsync("/api/admin/subscribers/erased@example.org")).StatusCode);

        var answers = new List<(HttpStatusCode, string, string?)>();
        foreach (var email in new[] { "brand-new@example.org", "pending@example.org", "confirmed@example.org", "left@example.org", "erased@example.org" })
        {
            var response = await client.SignUpAsync(email, "newsletter");
            answers.Add((response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.ToString()));
        }

        Assert.All(answers, a => Assert.Equal(answers[0], a));
        Assert.Equal(HttpStatusCode.Accepted, answers[0].Item1);

        var formAnswers = new List<(HttpStatusCode, string?)>();
        var noRedirect = host.CreateClient(new() { AllowAutoRedirect = false });
        foreach (var email in new[] { "brand-new-2@example.org", "pending@example.org", "confirmed@example.org", "left@example.org", "erased@example.org" })
        {
            var response = await noRedirect.PostAsync("/api/subscriptions", new FormUrlEncodedContent(
                [new("email", email), new("audiences", "newsletter"), new("consent", "on")]));
            formAnswers.Add((response.StatusCode, response.Headers.Location?.OriginalString));
        }

        Assert.All(formAnswers, a => Assert.Equal(formAnswers[0], a));
    }

    [Fact]
    public async Task An_erased_address_is_never_re_added_by_sign_up_or_import()
    {
        await host.ConfirmAsync("gone@example.org", "quotidienne");
        await host.DrainQueuesAsync(); // the welcome mail leaves before the erasure (a mail still queued then is dropped)
        var admin = host.CreateAdminClient();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/admin/subscribers/gone@example.org")).StatusCode);

        var erased = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/admin/subscribers/gone@example.org");
        Assert.Equal("erased", erased.GetProperty("suppressed").GetString());
        Assert.Empty(erased.GetProperty("memberships").EnumerateArray());
        Assert.Empty(erased.GetProperty("consents").EnumerateArray());

        await host.CreateClient().SignUpAsync("gone@example.org", "quotidienne");
        var import = await admin.PostAsync("/api/admin/audiences/quotidienne/import?status=confirmed&source=old-list",
            new StringContent("email,firstName\ngone@example.org,Gone\n", System.Text.Encoding.UTF8, "text/csv"));
        var report = await import.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();

        Assert.Equal(1, report.GetProperty("skipped").GetInt32());
        Assert.Equal("suppressed", report.GetProperty("lines")[0].GetProperty("reason").GetString());
        Assert.Equal(0, await host.CountAsync("quotidienne", "confirmed"));
        Assert.Equal(0, await host.CountAsync("quotidienne", "pending"));
        var mailsAfterErasure = (await host.ReadOutboxAsync("gone@example.org")).Count;
        Assert.Equal(2, mailsAfterErasure); // the confirmation and welcome from before the erasure, nothing after
    }
}
