using Outreach.Core.Common.Links;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Outreach.Core.Audiences;
using Outreach.Core.Common.Localization;
using Outreach.Core.Common.Time;

namespace Outreach.Core.Newsletters;

/// <summary>What one wake-up did for one digest.</summary>
public sealed record DigestOutcome(string Audience, string Period, string Result, int Articles = 0, string? CampaignId = null);

/// <summary>
/// Wakes every few minutes (a timer) and sends each digest that is due: La quotidienne on its weekdays, each hebdo on
/// its day, at their local time. The audience + period row in <see cref="DigestLedger"/> makes a second wake-up,
/// a second host or a restart send nothing more; nothing new since the previous digest means nothing sent, and a log line.
/// </summary>
public sealed class DigestScheduler(
    IOptions<DigestOptions> options, DigestSchedules schedules, DigestLedger ledger, ArticleStore articles, DigestComposer composer,
    NewsletterViews views, TimeProvider clock, ILogger<DigestScheduler> logger)
{
    public async Task<IReadOnlyList<DigestOutcome>> RunDueAsync(CancellationToken cancellationToken = default)
    {
        if (!options.Value.Enabled) return [];
        var outcomes = new List<DigestOutcome>();
        foreach (var schedule in await schedules.ListAsync(cancellationToken))
        {
            var outcome = await RunAsync(schedule, cancellationToken);
            if (outcome is not null) outcomes.Add(outcome);
        }

        return outcomes;
    }

    private async Task<DigestOutcome?> RunAsync(DigestSchedule schedule, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var period = DigestCalendar.LatestDue(schedule, now, views.Zone);
        if (period is null || !options.Value.StillSends(period, now)) return null;

        using var scope = logger.BeginScope(new Dictionary<string, object> { ["DigestAudience"] = schedule.Audience, ["DigestPeriod"] = period.Key });
        if (await ledger.ReviewStateAsync(schedule, period, cancellationToken) == DigestState.Held)
        {
            logger.LogInformation("Digest {Audience} {Period}: held for review, waiting for a publisher's approval", schedule.Audience, period.Key);
            return new DigestOutcome(schedule.Audience, period.Key, DigestState.Held);
        }

        var claim = await ledger.TryClaimAsync(schedule.Audience, period, cancellationToken);
        if (claim != DigestClaim.Claimed) return null;

        var after = await ledger.CoversFromAsync(schedule, period, views.Zone, cancellationToken);
        var found = await articles.ForAudienceAsync(schedule.Audience, after, period.DueAt, composer.MaxArticles, cancellationToken);
        if (found.Count == 0)
        {
            await ledger.CompleteAsync(schedule.Audience, period, DigestState.Empty, 0, period.DueAt, null, cancellationToken);
            logger.LogInformation("Digest {Audience} {Period}: nothing new since {After:o}, nothing sent", schedule.Audience, period.Key, after);
            return new DigestOutcome(schedule.Audience, period.Key, DigestState.Empty);
        }

        var placed = await SendAsync(schedule, period, found, cancellationToken);
        if (!placed.Ok)
        {
            var reason = string.Join(" ", placed.Errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}")));
            await ledger.FailAsync(schedule.Audience, period, reason, cancellationToken);
            logger.LogError("Digest {Audience} {Period}: the delivery engine refused the campaign: {Reason}", schedule.Audience, period.Key, reason);
            return new DigestOutcome(schedule.Audience, period.Key, DigestState.Failed, found.Count);
        }

        var campaignId = placed.CampaignId;
        await ledger.CompleteAsync(schedule.Audience, period, DigestState.Sent, found.Count, period.DueAt, campaignId, cancellationToken);
        logger.LogInformation("Digest {Audience} {Period}: {Count} article(s), campaign {CampaignId}", schedule.Audience, period.Key, found.Count, campaignId);
        return new DigestOutcome(schedule.Audience, period.Key, DigestState.Sent, found.Count, campaignId);
    }

    /// <summary>A template that no longer renders fails this digest with its reason; the other digests still go.</summary>
    private async Task<CampaignOrderResult> SendAsync(DigestSchedule schedule, DigestPeriod period, IReadOnlyList<Article> found, CancellationToken cancellationToken)
    {
        try
        {
            return await composer.SendAsync(schedule, period, found, cancellationToken);
        }
        catch (TemplateRenderException e)
        {
            return new CampaignOrderResult(null, new Common.Validation.ValidationErrors { { "template", e.Message } });
        }
    }
}

/// <summary>Turns a period's articles into one campaign for the digest's audience, rendered once with the engine's placeholders.</summary>
public sealed class DigestComposer(
    TemplateStore templates, AudienceStore audiences, NewsletterViews views, MailRenderer renderer, ICampaignEngine campaigns, IOptions<ArticleOptions> articleOptions)
{
    public int MaxArticles => articleOptions.Value.MaxPerDigest;

    public async Task<CampaignOrderResult> SendAsync(DigestSchedule schedule, DigestPeriod period, IReadOnlyList<Article> articles, CancellationToken cancellationToken = default)
    {
        var rendered = await RenderAsync(schedule, period, articles, campaigns.Placeholders.RecipientFor("fr"), campaigns.Placeholders.LinksWithOneClick(OneClickScope.Digest), cancellationToken);
        return await campaigns.ScheduleAsync(new CampaignOrder
        {
            SourceId = $"digest-{schedule.Audience}-{period.Key}",
            Subject = rendered.Subject,
            Html = rendered.Html,
            Text = rendered.Text,
            Audiences = [schedule.Audience],
            Category = "digest",
        }, cancellationToken);
    }

    public async Task<RenderedMail> RenderAsync(DigestSchedule schedule, DigestPeriod period, IReadOnlyList<Article> articles, RecipientView recipient, RecipientLinks links, CancellationToken cancellationToken = default)
    {
        const string language = "fr";
        var audience = await audiences.FindAsync(schedule.Audience, cancellationToken) ?? new Audience { Id = schedule.Audience, Name = schedule.Audience };
        var template = await templates.FindAsync(schedule.TemplateId, cancellationToken)
                       ?? await templates.FindAsync(DefaultTemplates.DigestId, cancellationToken)
                       ?? DefaultTemplates.All[1];
        var digest = new DigestView
        {
            Title = audience.DisplayName(language),
            PeriodLabel = schedule.IsWeekly
                ? (language == "en" ? "Week of " : "Semaine du ") + DateLabels.Day(period.LocalDate.AddDays(-6), language)
                : DateLabels.Day(period.LocalDate, language),
            Articles = articles.Select(a => new ArticleView
            {
                Title = a.Title,
                Summary = a.Summary,
                Url = a.Url,
                PublishedLabel = DateLabels.Day(DateOnly.FromDateTime(ZonedTime.ToLocal(a.PublishedAt, views.Zone)), language),
            }).ToList(),
        };
        var view = await views.DigestAsync(digest, audience, recipient, links, language, cancellationToken);
        return await renderer.RenderAsync(template.Source, view);
    }
}
