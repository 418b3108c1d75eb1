using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Outreach.Core.Newsletters;

namespace Outreach.IntegrationTests.Newsletters;

/// <summary>La quotidienne at 09:00 Paris, on a fake clock that the timer wakes every five minutes.</summary>
public sealed class DigestTests
{
    [Theory]
    // October: Friday 23 in summer time (09:00 = 07:00 UTC), Monday 26 in winter time (09:00 = 08:00 UTC).
    [InlineData("2026-10-23T06:00:00Z", "2026-10-23T07:00:00Z", "2026-10-26T08:00:00Z")]
    // March: Friday 26 in winter time (09:00 = 08:00 UTC), Monday 29 in summer time (09:00 = 07:00 UTC).
    [InlineData("2027-03-26T06:00:00Z", "2027-03-26T08:00:00Z", "2027-03-29T07:00:00Z")]
    public async Task TheDailyDigestLeavesAtNineParisTimeOnBothSidesOfTheChangeOnceAndOnlyWithNews(string start, string fridayDue, string mondayDue)
    {
        await using var host = await NewsletterHostFixture.StartAsync(DateTimeOffset.Parse(start), NewsletterHostFixture.NineOClockDaily);
        await host.ImportAsync("quotidienne", ("marie@example.org", "Marie"));
        await AddArticleAsync(host, "https://www.outreach.example.org/a/friday", "Vendredi : le mécénat de compétences");

        // Every five minutes until Friday's time: nothing before it, one campaign at it, none more when the timer fires again.
        var friday = DateTimeOffset.Parse(fridayDue);
        var outcomes = await RunTimerUntilAsync(host, friday.AddMinutes(-5));
        Assert.Empty(outcomes);
        outcomes = await RunTimerUntilAsync(host, friday);
        Assert.Equal("sent", Assert.Single(outcomes).Result);
        Assert.Empty(await RunDigestsAsync(host)); // the timer fires twice
        Assert.Empty(await RunTimerUntilAsync(host, friday.AddMinutes(30)));

        await host.RunTimerAsync(NewsletterHostFixture.DispatchCampaigns);
        var mail = Assert.Single(await host.ReadOutboxAsync("marie@example.org"));
        Assert.StartsWith("La quotidienne", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("Vendredi : le mécénat de compétences", NewsletterHostFixture.Html(mail), StringComparison.Ordinal);
        Assert.Contains("Bonjour Marie,", NewsletterHostFixture.Text(mail), StringComparison.Ordinal);

        // Over the weekend the clocks change; an article arrives on Sunday. Monday's digest leaves at 09:00 Paris.
        host.FakeTime!.SetUtcNow(friday.AddDays(2));
        await AddArticleAsync(host, "https://www.outreach.example.org/a/sunday", "Dimanche : trois alliances");
        var monday = DateTimeOffset.Parse(mondayDue);
        Assert.Empty(await RunTimerUntilAsync(host, monday.AddMinutes(-5)));
        var mondayOutcome = Assert.Single(await RunTimerUntilAsync(host, monday));
        Assert.Equal(1, mondayOutcome.Articles);

        await host.RunTimerAsync(NewsletterHostFixture.DispatchCampaigns);
        var mails = await host.ReadOutboxAsync("marie@example.org");
        Assert.Equal(2, mails.Count);
        Assert.Contains("Dimanche : trois alliances", NewsletterHostFixture.Html(mails[1]), StringComparison.Ordinal);
        Assert.DoesNotContain("Vendredi", NewsletterHostFixture.Html(mails[1]), StringComparison.Ordinal);

        // Tuesday: nothing new, nothing sent (and the ledger says so).
        var tuesday = monday.AddDays(1);
        var tuesdayOutcome = Assert.Single(await RunTimerUntilAsync(host, tuesday));
        Assert.Equal("empty", tuesdayOutcome.Result);
        await host.RunTimerAsync(NewsletterHostFixture.DispatchCampaigns);
        Assert.Equal(2, (await host.ReadOutboxAsync("marie@example.org")).Count);
    }

    [Fact]
    public async Task ARestartedHostFindsThePeriodTaken()
    {
        var due = DateTimeOffset.Parse("2026-10-23T07:00:00Z");
        string prefix;
        await using (var first = await NewsletterHostFixture.StartAsync(due.AddMinutes(-10), NewsletterHostFixture.NineOClockDaily))
        {
            await first.ImportAsync("quotidienne", ("marie@example.org", "Marie"));
            await AddArticleAsync(first, "https://www.outreach.example.org/a/1", "Un article");
            first.FakeTime!.SetUtcNow(due.AddMinutes(1));
            Assert.Single(await RunDigestsAsync(first));
            prefix = first.NamePrefix;
        }

        // A second host on the same storage (a restart, or a second instance) wakes at the same period.
        await using var second = await NewsletterHostFixture.StartAsync(due.AddMinutes(2), new Dictionary<string, string?>(NewsletterHostFixture.NineOClockDaily) { ["Storage:NamePrefix"] = prefix });
        Assert.Empty(await RunDigestsAsync(second));
    }

    private static async Task AddArticleAsync(NewsletterHostFixture host, string url, string title)
    {
        var response = await host.PostJsonAsync("/api/admin/articles", new { title, summary = "Résumé.", url, audiences = new[] { "quotidienne" } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await host.PostJsonAsync("/api/admin/articles", new { title, url, audiences = new[] { "quotidienne" } })).StatusCode);
    }

    /// <summary>Advances the clock five minutes at a time up to <paramref name="until"/>, running the digest timer at each step.</summary>
    private static async Task<List<DigestOutcome>> RunTimerUntilAsync(NewsletterHostFixture host, DateTimeOffset until)
    {
        var outcomes = new List<DigestOutcome>();
        while (host.FakeTime!.GetUtcNow() < until)
        {
            var next = host.FakeTime.GetUtcNow().AddMinutes(5);
            host.FakeTime.SetUtcNow(next < until ? next : until);
            outcomes.AddRange(await RunDigestsAsync(host));
        }

        return outcomes;
    }

    private static Task<IReadOnlyList<DigestOutcome>> RunDigestsAsync(NewsletterHostFixture host) =>
        host.Services.GetRequiredService<DigestScheduler>().RunDueAsync();
}
