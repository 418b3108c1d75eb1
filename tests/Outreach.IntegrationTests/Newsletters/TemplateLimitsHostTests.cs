using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Outreach.Core.Newsletters;

namespace Outreach.IntegrationTests.Newsletters;

/// <summary>A template that would build gigabytes is refused when saved, and one already stored fails its own send only.</summary>
public sealed class TemplateLimitsHostTests
{
    private const string Doubling = "{% assign s = 'xxxxxxxxxx' %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s }}";

    [Fact]
    public async Task Saving_a_template_that_builds_huge_text_is_refused_with_a_400_that_says_why()
    {
        await using var host = await NewsletterHostFixture.StartAsync(DateTimeOffset.Parse("2026-10-20T08:00:00Z"));

        var response = await host.PostJsonAsync("/api/admin/templates", new { id = "greedy", name = "Greedy", kind = "digest", source = Doubling });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("characters", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Null(await host.Services.GetRequiredService<TemplateStore>().FindAsync("greedy"));
    }

    [Fact]
    public async Task A_stored_template_past_the_limits_fails_its_digest_with_the_reason_and_the_timer_goes_on()
    {
        var due = DateTimeOffset.Parse("2026-10-23T07:00:00Z"); // a Friday, 09:00 Paris
        await using var host = await NewsletterHostFixture.StartAsync(due.AddMinutes(-10), new Dictionary<string, string?>
        {
            ["Digests:Schedules:0:Audience"] = "quotidienne",
            ["Digests:Schedules:0:Days:0"] = "Friday",
            ["Digests:Schedules:0:Time"] = "09:00",
            ["Digests:Schedules:0:TemplateId"] = "greedy",
            ["Digests:Schedules:1:Audience"] = "hebdo-entreprises",
            ["Digests:Schedules:1:Days:0"] = "Friday",
            ["Digests:Schedules:1:Time"] = "09:00",
        });
        // Written straight to storage, as a template saved before the limits existed would be.
        var now = host.FakeTime!.GetUtcNow();
        Assert.True(await host.Services.GetRequiredService<TemplateStore>().TryAddAsync(
            new NewsletterTemplate { Id = "greedy", Name = "Greedy", Kind = TemplateKind.Digest, Source = Doubling, UpdatedAt = now }));
        await host.ImportAsync("quotidienne", ("marie@example.org", "Marie"));
        await host.ImportAsync("hebdo-entreprises", ("paul@example.org", "Paul"));
        var article = await host.PostJsonAsync("/api/admin/articles",
            new { title = "Trois alliances", summary = "Résumé.", url = "https://www.outreach.example.org/a/1", audiences = new[] { "quotidienne", "hebdo-entreprises" } });
        Assert.Equal(HttpStatusCode.Created, article.StatusCode);

        host.FakeTime.SetUtcNow(due.AddMinutes(1));
        var outcomes = await host.Services.GetRequiredService<DigestScheduler>().RunDueAsync();
        await host.RunTimerAsync(NewsletterHostFixture.DispatchCampaigns);

        Assert.Equal(DigestState.Failed, outcomes.Single(o => o.Audience == "quotidienne").Result);
        Assert.Equal(DigestState.Sent, outcomes.Single(o => o.Audience == "hebdo-entreprises").Result);
        Assert.Empty(await host.ReadOutboxAsync("marie@example.org"));
        Assert.Single(await host.ReadOutboxAsync("paul@example.org"));
    }
}
