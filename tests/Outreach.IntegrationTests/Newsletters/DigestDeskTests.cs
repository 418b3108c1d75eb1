using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Outreach.Core.Newsletters;

namespace Outreach.IntegrationTests.Newsletters;

/// <summary>The automatic sends desk over the admin API: articles, the next digest held, approved or skipped, a schedule saved.</summary>
public sealed class DigestDeskTests
{
    // Monday 5 October 2026, 08:00 in Paris; La quotidienne leaves at 09:00.
    private static readonly DateTimeOffset MondayMorning = DateTimeOffset.Parse("2026-10-05T06:00:00Z");
    private static readonly DateTimeOffset MondayDue = DateTimeOffset.Parse("2026-10-05T07:00:00Z");

    [Fact]
    public async Task A_held_digest_is_not_sent_until_approved_then_goes_once_with_the_articles_edited_and_without_the_deleted_one()
    {
        await using var host = await NewsletterHostFixture.StartAsync(MondayMorning, NewsletterHostFixture.NineOClockDaily);
        await host.ImportAsync("quotidienne", ("marie@example.org", "Marie"), ("paul@example.org", "Paul"));
        var kept = await AddArticleAsync(host, "https://www.outreach.example.org/a/kept", "Un titre à reprendre");
        var dropped = await AddArticleAsync(host, "https://www.outreach.example.org/a/dropped", "Un article retiré");
        Assert.Equal(HttpStatusCode.OK, (await host.CreateAdminClient().PutAsJsonAsync($"/api/admin/articles/{kept}", new { title = "Le mécénat de compétences", summary = "Repris." })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await host.CreateAdminClient().DeleteAsync($"/api/admin/articles/{dropped}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.CreateAdminClient().DeleteAsync($"/api/admin/articles/{dropped}")).StatusCode);

        var digest = await DigestAsync(host);
        Assert.Equal(("2026-10-05", "2026-10-05T09:00", "scheduled"), (digest.GetProperty("next").GetProperty("period").GetString(), digest.GetProperty("next").GetProperty("localDue").GetString(), digest.GetProperty("next").GetProperty("state").GetString()));
        Assert.Equal(["Le mécénat de compétences"], digest.GetProperty("articles").EnumerateArray().Select(a => a.GetProperty("title").GetString()));
        var preview = await host.CreateAdminClient().GetStringAsync("/api/admin/digests/quotidienne/next/preview");
        Assert.Contains("Le mécénat de compétences", preview, StringComparison.Ordinal);
        Assert.DoesNotContain("Un article retiré", preview, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await host.PostJsonAsync("/api/admin/digests/quotidienne/next/hold", new { })).StatusCode);
        Assert.Equal("held", (await DigestAsync(host)).GetProperty("next").GetProperty("state").GetString());
        host.FakeTime!.SetUtcNow(MondayDue.AddMinutes(5));
        Assert.Equal(DigestState.Held, Assert.Single(await RunDigestsAsync(host)).Result);
        await host.RunTimerAsync(NewsletterHostFixture.DispatchCampaigns);
        Assert.Empty(await host.ReadOutboxAsync("marie@example.org"));

        Assert.Equal(HttpStatusCode.OK, (await host.PostJsonAsync("/api/admin/digests/quotidienne/next/approve", new { })).StatusCode);
        Assert.Equal(DigestState.Sent, Assert.Single(await RunDigestsAsync(host)).Result);
        Assert.Empty(await RunDigestsAsync(host));
        await host.RunTimerAsync(NewsletterHostFixture.DispatchCampaigns);
        var mail = Assert.Single(await host.ReadOutboxAsync("marie@example.org"));
        Assert.Contains("Le mécénat de compétences", NewsletterHostFixture.Html(mail), StringComparison.Ordinal);
        Assert.Single(await host.ReadOutboxAsync("paul@example.org"));
        Assert.Equal("2026-10-06", (await DigestAsync(host)).GetProperty("next").GetProperty("period").GetString()); // Monday's is done
    }

    [Fact]
    public async Task A_skipped_period_sends_nothing_and_its_articles_go_with_the_next_one()
    {
        await using var host = await NewsletterHostFixture.StartAsync(MondayMorning, NewsletterHostFixture.NineOClockDaily);
        await host.ImportAsync("quotidienne", ("marie@example.org", "Marie"));
        await AddArticleAsync(host, "https://www.outreach.example.org/a/waits", "Un article qui attend");
        Assert.Equal(HttpStatusCode.OK, (await host.PostJsonAsync("/api/admin/digests/quotidienne/next/skip", new { })).StatusCode);

        host.FakeTime!.SetUtcNow(MondayDue.AddMinutes(5));
        Assert.Empty(await RunDigestsAsync(host));
        Assert.Equal("2026-10-06", (await DigestAsync(host)).GetProperty("next").GetProperty("period").GetString());
        host.FakeTime.SetUtcNow(MondayDue.AddDays(1).AddMinutes(5));
        Assert.Equal((DigestState.Sent, 1), (Assert.Single(await RunDigestsAsync(host)) is var tuesday ? (tuesday.Result, tuesday.Articles) : default));
    }

    [Fact]
    public async Task A_saved_schedule_overrides_the_app_setting_and_a_bad_one_is_refused_field_by_field()
    {
        await using var host = await NewsletterHostFixture.StartAsync(MondayMorning, NewsletterHostFixture.NineOClockDaily);
        var admin = host.CreateAdminClient();
        var bad = await admin.PutAsJsonAsync("/api/admin/digests/quotidienne", new { days = new[] { "Lundi" }, time = "9h" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("days", out _) && errors.TryGetProperty("time", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsJsonAsync("/api/admin/digests/nowhere", new { time = "08:00" })).StatusCode);

        var saved = await admin.PutAsJsonAsync("/api/admin/digests/quotidienne", new { days = new[] { "Tuesday" }, time = "08:15", reviewBeforeSend = true });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var digest = await DigestAsync(host);
        Assert.Equal(("08:15", "2026-10-06T08:15", "held"), (digest.GetProperty("time").GetString(), digest.GetProperty("next").GetProperty("localDue").GetString(), digest.GetProperty("next").GetProperty("state").GetString()));

        await host.ImportAsync("quotidienne", ("marie@example.org", "Marie"));
        await AddArticleAsync(host, "https://www.outreach.example.org/a/tuesday", "Mardi");
        host.FakeTime!.SetUtcNow(MondayDue.AddMinutes(5));
        Assert.Empty(await RunDigestsAsync(host)); // Monday is no longer a digest day
        host.FakeTime.SetUtcNow(DateTimeOffset.Parse("2026-10-06T06:20:00Z"));
        Assert.Equal(DigestState.Held, Assert.Single(await RunDigestsAsync(host)).Result); // review before send
    }

    private static async Task<JsonElement> DigestAsync(NewsletterHostFixture host) =>
        (await host.CreateAdminClient().GetFromJsonAsync<JsonElement>("/api/admin/digests")).EnumerateArray().Single(d => d.GetProperty("audience").GetString() == "quotidienne");

    private static async Task<string> AddArticleAsync(NewsletterHostFixture host, string url, string title)
    {
        var response = await host.PostJsonAsync("/api/admin/articles", new { title, summary = "Résumé.", url, audiences = new[] { "quotidienne" } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static Task<IReadOnlyList<DigestOutcome>> RunDigestsAsync(NewsletterHostFixture host) =>
        host.Services.GetRequiredService<DigestScheduler>().RunDueAsync();
}
