using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Outreach.IntegrationTests.Newsletters;

/// <summary>The README's flow: draft from the default template, preview, test, schedule two minutes ahead, one mail per subscriber.</summary>
public sealed class NewsletterFlowTests
{
    // Thursday 1 October 2026, 10:00 in Paris.
    private static readonly DateTimeOffset Start = new(2026, 10, 1, 8, 0, 0, TimeSpan.Zero);

    private static object Issue(string subject = "Les alliances de l'automne") => new
    {
        subject,
        preheader = "Un édito, deux sections, un dossier.",
        editorial = "Cette lettre parle de **co-construction** et de [nos ressources](/ressources).",
        sections = new[]
        {
            new { title = "Le guide des co-financements", body = "Subventions et mécénat, sans double financement.", link = "https://www.outreach.example.org/guide" },
        },
        dossier = new { title = "Ce que vaut une alliance", body = "Trois ans d'observation." },
        audiences = new[] { "newsletter" },
    };

    [Fact]
    public async Task AnIssueGoesFromDraftToOneMailPerSubscriberAndToTheArchive()
    {
        await using var host = await NewsletterHostFixture.StartAsync(Start);
        await host.ImportAsync("newsletter", ("marie@example.org", "Marie"), ("luc@example.org", "Luc"));
        using var admin = host.CreateAdminClient();

        // Create from the default template.
        var created = await admin.PostAsJsonAsync("/api/admin/newsletters", Issue());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        // Preview.
        var preview = await admin.GetAsync($"/api/admin/newsletters/{id}/preview");
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var previewHtml = await preview.Content.ReadAsStringAsync();
        Assert.Contains("Les alliances de l", previewHtml, StringComparison.Ordinal);
        Assert.Contains("Bonjour Marie,", previewHtml, StringComparison.Ordinal);

        // Test send: only to the given address, marked as a test.
        var test = await admin.PostAsJsonAsync($"/api/admin/newsletters/{id}/test", new { to = new[] { "relecture@example.org" } });
        Assert.Equal(HttpStatusCode.Accepted, test.StatusCode);
        var testMail = Assert.Single(await host.ReadOutboxAsync());
        Assert.StartsWith("[TEST]", testMail.Subject, StringComparison.Ordinal);
        Assert.Equal("relecture@example.org", testMail.To.Mailboxes.Single().Address);

        // Schedule two minutes ahead, in Paris time (10:02).
        var scheduled = await admin.PostAsJsonAsync($"/api/admin/newsletters/{id}/schedule", new { sendAt = "2026-10-01T10:02", timeZone = "Europe/Paris" });
        Assert.Equal(HttpStatusCode.Accepted, scheduled.StatusCode);
        Assert.False(string.IsNullOrEmpty((await scheduled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("campaignId").GetString()));

        // Not before its time, and not in the archive yet.
        await host.AdvanceAndDispatchAsync(TimeSpan.FromMinutes(1));
        Assert.Single(await host.ReadOutboxAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await host.CreateClient().GetAsync($"/api/newsletters/{id}")).StatusCode);

        // At 10:02 Paris: one mail per subscriber, each with their first name and their own unsubscribe link.
        await host.AdvanceAndDispatchAsync(TimeSpan.FromMinutes(1));
        var marie = Assert.Single(await host.ReadOutboxAsync("marie@example.org"));
        var luc = Assert.Single(await host.ReadOutboxAsync("luc@example.org"));
        Assert.Equal(3, (await host.ReadOutboxAsync()).Count);
        Assert.Contains("Bonjour Marie,", NewsletterHostFixture.Html(marie), StringComparison.Ordinal);
        Assert.Contains("Bonjour Marie,", NewsletterHostFixture.Text(marie), StringComparison.Ordinal);
        Assert.Contains("Bonjour Luc,", NewsletterHostFixture.Html(luc), StringComparison.Ordinal);

        var marieUnsubscribe = NewsletterHostFixture.Links(NewsletterHostFixture.Html(marie)).Single(l => l.Contains("/api/unsubscribe?token=", StringComparison.Ordinal));
        var lucUnsubscribe = NewsletterHostFixture.Links(NewsletterHostFixture.Html(luc)).Single(l => l.Contains("/api/unsubscribe?token=", StringComparison.Ordinal));
        Assert.NotEqual(marieUnsubscribe, lucUnsubscribe);
        Assert.Contains("List-Unsubscribe", marie.Headers.Select(h => h.Field));
        Assert.All(NewsletterHostFixture.Links(NewsletterHostFixture.Html(marie)), link => Assert.True(Uri.IsWellFormedUriString(link, UriKind.Absolute), link));

        var client = host.CreateClient();
        var unsubscribePage = await client.GetAsync(new Uri(marieUnsubscribe).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, unsubscribePage.StatusCode);

        // "View in browser" opens the archived copy, which holds no personal data.
        var viewInBrowser = NewsletterHostFixture.Links(NewsletterHostFixture.Html(marie)).First();
        Assert.EndsWith($"/api/newsletters/{id}", viewInBrowser, StringComparison.Ordinal);
        var webView = await client.GetAsync(new Uri(viewInBrowser).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, webView.StatusCode);
        var webHtml = await webView.Content.ReadAsStringAsync();
        Assert.Contains("Ce que vaut une alliance", webHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("Marie", webHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("token=", webHtml, StringComparison.Ordinal);
        Assert.Contains($"/api/newsletters/{id}", await (await client.GetAsync("/api/newsletters")).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Sent once: later dispatches send nothing more.
        await host.AdvanceAndDispatchAsync(TimeSpan.FromMinutes(10));
        Assert.Equal(3, (await host.ReadOutboxAsync()).Count);
        var edit = await admin.PutAsJsonAsync($"/api/admin/newsletters/{id}", Issue("Changed"));
        Assert.Equal(HttpStatusCode.Conflict, edit.StatusCode);
    }

    [Fact]
    public async Task ACancelledIssueIsNeverSentNorArchived()
    {
        await using var host = await NewsletterHostFixture.StartAsync(Start);
        await host.ImportAsync("newsletter", ("marie@example.org", "Marie"));
        using var admin = host.CreateAdminClient();
        var id = (await (await admin.PostAsJsonAsync("/api/admin/newsletters", Issue())).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsJsonAsync($"/api/admin/newsletters/{id}/schedule", new { sendAt = "2026-10-01T11:00" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/admin/newsletters/{id}/cancel", null)).StatusCode);
        await host.AdvanceAndDispatchAsync(TimeSpan.FromHours(2));

        Assert.Empty(await host.ReadOutboxAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await host.CreateClient().GetAsync($"/api/newsletters/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"/api/admin/newsletters/{id}/cancel", null)).StatusCode);
    }

    [Fact]
    public async Task TheUpcomingWebinarsBlockListsTheNextSessionsWithTheirRegistrationLinks()
    {
        await using var host = await NewsletterHostFixture.StartAsync(Start);
        using var admin = host.CreateAdminClient();
        var webinar = await admin.PostAsJsonAsync("/api/admin/events", new
        {
            title = "De la connaissance à la compétence", start = "2026-11-19T13:00", end = "2026-11-19T14:30", timeZone = "Europe/Paris",
            joinUrl = "https://visio.example.org/competence",
        });
        Assert.Equal(HttpStatusCode.Created, webinar.StatusCode);
        var eventId = (await webinar.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var id = (await (await admin.PostAsJsonAsync("/api/admin/newsletters", Issue())).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        var preview = await (await admin.GetAsync($"/api/admin/newsletters/{id}/preview")).Content.ReadAsStringAsync();

        Assert.Contains("De la connaissance à la compétence", preview, StringComparison.Ordinal);
        Assert.Contains($"/api/events/{eventId}", preview, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSeededSampleIssueAndTemplatesAreThereFromTheStart()
    {
        await using var host = await NewsletterHostFixture.StartAsync(Start);
        using var admin = host.CreateAdminClient();

        var preview = await admin.GetAsync("/api/admin/newsletters/2026-10-economie-de-l-alliance/preview");
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Contains("Ce que vaut une alliance", await preview.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var templates = await admin.GetFromJsonAsync<JsonElement>("/api/admin/templates");
        Assert.Contains(templates.EnumerateArray(), t => t.GetProperty("id").GetString() == "newsletter");
        Assert.Contains(templates.EnumerateArray(), t => t.GetProperty("id").GetString() == "digest");
    }

    [Fact]
    public async Task BadInputGetsA400NeverA500()
    {
        await using var host = await NewsletterHostFixture.StartAsync(Start);
        using var admin = host.CreateAdminClient();

        var broken = await admin.PostAsJsonAsync("/api/admin/templates", new { name = "Cassé", kind = "newsletter", source = "<p>\n{% if issue.subject %}\n</p>" });
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        var problem = await broken.Content.ReadAsStringAsync();
        Assert.Contains("Line 3, column", problem, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("/api/admin/newsletters", new { subject = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync("/api/admin/newsletters", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("/api/admin/newsletters/2026-10-economie-de-l-alliance/schedule", new { sendAt = "demain" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("/api/admin/newsletters/2026-10-economie-de-l-alliance/schedule", new { sendAt = "2026-10-01T09:00", timeZone = "Mars/Olympus" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("/api/admin/newsletters/2026-10-economie-de-l-alliance/test", new { to = new[] { "not-an-address" } })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("/api/admin/articles", new { title = "x", url = "javascript:alert(1)", audiences = new[] { "quotidienne" } })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/admin/newsletters/nope/preview")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.CreateClient().GetAsync("/api/newsletters/..%2F..%2Fetc")).StatusCode);
    }
}
