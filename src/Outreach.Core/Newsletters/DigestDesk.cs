using Microsoft.Extensions.Options;
using Outreach.Core.Common.Validation;
using Outreach.Core.Subscriptions;

namespace Outreach.Core.Newsletters;

/// <summary>One digest as the team sees it: its schedule, its next period and that period's state, and what it will carry.</summary>
public sealed record DigestOverview(DigestSchedule Schedule, DigestPeriod Next, string NextState, IReadOnlyList<Article> NextArticles);

/// <summary>What the team asked of a digest's next period: done, unknown audience, or too late (sent or skipped already).</summary>
public enum DigestReview
{
    Done,
    NotFound,
    TooLate,
}

/// <summary>The days, local time and review mode the team sets for one audience's digest.</summary>
public sealed record DigestSettingsDraft(IReadOnlyList<string>? Days, string? Time, bool? ReviewBeforeSend);

/// <summary>
/// The automatic sends desk: each digest's next period (the one due and not yet sent, else the coming one), the
/// articles it will carry, its preview, and the team's say over it: hold for review, approve, skip, a new schedule.
/// A held period is not claimed by <see cref="DigestScheduler"/>, so approving it lets the next wake-up send it once.
/// </summary>
public sealed class DigestDesk(
    DigestSchedules schedules, DigestLedger ledger, ArticleStore articles, DigestComposer composer, SubscriptionLinks links,
    NewsletterViews views, IOptions<DigestOptions> options, TimeProvider clock)
{
    public async Task<IReadOnlyList<DigestOverview>> ListAsync(CancellationToken cancellationToken = default) =>
        await Task.WhenAll((await schedules.ListAsync(cancellationToken)).Select(s => OverviewAsync(s, cancellationToken)));

    public async Task<DigestOverview?> FindAsync(string audienceId, CancellationToken cancellationToken = default) =>
        await schedules.FindAsync(audienceId, cancellationToken) is { } schedule ? await OverviewAsync(schedule, cancellationToken) : null;

    /// <summary>
    /// The audience's articles: what its next digest will carry, or, with <paramref name="from"/> (<c>yyyy-MM-dd</c>),
    /// every one available since that day (at most 200). Null for an audience without a digest or a day that is not one.
    /// </summary>
    public async Task<IReadOnlyList<Article>?> ArticlesAsync(string audienceId, string? from, CancellationToken cancellationToken = default)
    {
        if (await FindAsync(audienceId, cancellationToken) is not { } digest) return null;
        if (string.IsNullOrEmpty(from)) return digest.NextArticles;
        if (QueryDays.Read(from, "from", new ValidationErrors()) is not { } day) return null;
        var start = Common.Time.ZonedTime.ToInstant(day.ToDateTime(TimeOnly.MinValue), views.Zone);
        return await articles.ForAudienceAsync(audienceId, start, clock.GetUtcNow().AddYears(1), 200, cancellationToken);
    }

    /// <summary>The next digest of the audience as a subscriber named Marie would get it; null for an audience without a digest.</summary>
    public async Task<RenderedMail?> PreviewAsync(string audienceId, CancellationToken cancellationToken = default)
    {
        if (await FindAsync(audienceId, cancellationToken) is not { } digest) return null;
        var recipientLinks = new RecipientLinks(links.Unsubscribe("preview", audienceId), links.Preferences("preview"));
        return await composer.RenderAsync(digest.Schedule, digest.Next, digest.NextArticles, Recipients.Sample("fr"), recipientLinks, cancellationToken);
    }

    public Task<DigestReview> HoldAsync(string audienceId, CancellationToken cancellationToken = default) =>
        ReviewAsync(audienceId, DigestState.Held, cancellationToken);

    public Task<DigestReview> ApproveAsync(string audienceId, CancellationToken cancellationToken = default) =>
        ReviewAsync(audienceId, DigestState.Approved, cancellationToken);

    public async Task<DigestReview> SkipAsync(string audienceId, CancellationToken cancellationToken = default)
    {
        if (await FindAsync(audienceId, cancellationToken) is not { } digest) return DigestReview.NotFound;
        return await ledger.TrySkipAsync(audienceId, digest.Next, cancellationToken) ? DigestReview.Done : DigestReview.TooLate;
    }

    /// <summary>Saves a new schedule for the audience's digest; the errors when it is not one, null for an unknown audience.</summary>
    public async Task<(DigestOverview? Digest, ValidationErrors Errors)> UpdateAsync(string audienceId, DigestSettingsDraft draft, CancellationToken cancellationToken = default)
    {
        var errors = new ValidationErrors();
        if (await schedules.FindAsync(audienceId, cancellationToken) is not { } current) return (null, errors);
        var days = new List<DayOfWeek>();
        foreach (var day in draft.Days ?? current.Days.Select(d => d.ToString()).ToList())
        {
            if (Events.Sessions.SeriesPlanner.TryParseDayName(day, out var parsed)) days.Add(parsed);
            else errors.Add("days", $"Unknown day: {day}. Use Monday … Sunday.");
        }

        if (days.Count == 0 && errors.IsValid) errors.Add("days", "At least one day is required.");
        var time = draft.Time ?? current.Time;
        if (!TimeOnly.TryParseExact(time, "HH:mm", out _)) errors.Add("time", "time must be HH:mm, such as 08:30.");
        if (!errors.IsValid) return (null, errors);

        var saved = new DigestSchedule { Audience = audienceId, TemplateId = current.TemplateId, Days = days.Distinct().ToList(), Time = time, ReviewBeforeSend = draft.ReviewBeforeSend ?? current.ReviewBeforeSend };
        await schedules.SaveAsync(saved, cancellationToken);
        return (await OverviewAsync(saved, cancellationToken), errors);
    }

    private async Task<DigestReview> ReviewAsync(string audienceId, string state, CancellationToken cancellationToken)
    {
        if (await FindAsync(audienceId, cancellationToken) is not { } digest) return DigestReview.NotFound;
        if (digest.NextState is DigestState.Sent or DigestState.Skipped or DigestState.Empty or DigestState.Failed or DigestState.Claimed) return DigestReview.TooLate;
        await ledger.SetReviewAsync(audienceId, digest.Next, state, cancellationToken);
        return DigestReview.Done;
    }

    private async Task<DigestOverview> OverviewAsync(DigestSchedule schedule, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var (next, recorded) = await NextPeriodAsync(schedule, now, cancellationToken);
        var state = recorded ?? await ledger.ReviewStateAsync(schedule, next, cancellationToken) ?? DigestState.Scheduled;
        var after = await ledger.CoversFromAsync(schedule, next, views.Zone, cancellationToken);
        var carried = await articles.ForAudienceAsync(schedule.Audience, after, next.DueAt, composer.MaxArticles, cancellationToken);
        return new DigestOverview(schedule, next, state, carried);
    }

    /// <summary>The period due and not done yet (within the catch-up window the scheduler still sends in), else the coming one.</summary>
    /// <returns>The period and the state its ledger row records, if it has one.</returns>
    private async Task<(DigestPeriod Period, string? Recorded)> NextPeriodAsync(DigestSchedule schedule, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (DigestCalendar.LatestDue(schedule, now, views.Zone) is { } latest && options.Value.StillSends(latest, now))
        {
            var due = (await ledger.FindAsync(schedule.Audience, latest.Key, cancellationToken))?.State;
            if (due is null or DigestState.Claimed) return (latest, due);
        }

        var next = DigestCalendar.NextDue(schedule, now, views.Zone);
        return (next, (await ledger.FindAsync(schedule.Audience, next.Key, cancellationToken))?.State);
    }
}
