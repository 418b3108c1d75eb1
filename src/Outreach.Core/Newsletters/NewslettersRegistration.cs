using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Outreach.Core.Pages;

namespace Outreach.Core.Newsletters;

/// <summary>Registers the Newsletters capability's services; called once by AddOutreachCore.</summary>
public static class NewslettersRegistration
{
    public static IServiceCollection AddNewsletters(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<NewsletterOptions>().Bind(configuration.GetSection(NewsletterOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ArticleOptions>().Bind(configuration.GetSection(ArticleOptions.Section)).ValidateDataAnnotations()
            .Validate(o => o.Feeds.All(f => Uri.TryCreate(f.Url, UriKind.Absolute, out var u) && u.Scheme is "http" or "https" && f.Audiences.Count > 0),
                "Articles:Feeds: each feed needs an absolute http(s) Url and at least one audience.")
            .ValidateOnStart();
        services.AddOptions<DigestOptions>().Bind(configuration.GetSection(DigestOptions.Section)).ValidateDataAnnotations()
            .PostConfigure(o => { if (o.Schedules.Count == 0) o.Schedules = DigestOptions.Defaults(); })
            .Validate(o => o.Schedules.All(IsValid), "Digests:Schedules: each schedule needs an Audience, at least one day in Days and a Time as HH:mm.")
            .ValidateOnStart();

        services.AddSingleton<LiquidTemplates>();
        services.AddSingleton(provider => new MarkdownContent(new Uri(provider.GetRequiredService<IOptions<NewsletterOptions>>().Value.WebsiteUrl)));
        services.AddSingleton<MailRenderer>();
        services.AddSingleton<NewsletterViews>();
        services.AddSingleton<SampleViews>();
        services.AddSingleton<TemplateStore>();
        services.AddSingleton<TemplateService>();
        services.AddSingleton<IssueStore>();
        services.AddSingleton<IssueService>();
        services.AddSingleton<IssueRendering>();
        services.AddSingleton<IssueScheduling>();
        services.AddHostedService<SampleIssueSeeding>();
        services.AddSingleton<NewsletterArchive>();
        services.AddSingleton<NewsletterArchivePages>();
        services.AddSingleton<ArticleStore>();
        services.AddSingleton<ArticleService>();
        services.AddSingleton<FeedPoller>();
        services.AddHttpClient(FeedPoller.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false }); // FeedPoller follows redirects itself, on the feed's own host only
        services.AddSingleton<DigestLedger>();
        services.AddSingleton<DigestComposer>();
        services.AddSingleton<DigestScheduler>();
        services.AddSingleton<DigestSchedules>();
        services.AddSingleton<DigestDesk>();
        services.AddSingleton<FeedPollLog>();

        services.AddSingleton<ICampaignEngine, DeliveryCampaignEngine>();

        // Replaced by the Events module's query once it registers its own (the last registration wins).
        services.TryAddSingleton<IUpcomingSessions, NoUpcomingSessions>();
        return services;
    }

    private static bool IsValid(DigestSchedule schedule) =>
        System.Text.RegularExpressions.Regex.IsMatch(schedule.Audience, "^[a-z0-9-]{1,64}$")
        && schedule.Days.Count > 0
        && TimeOnly.TryParseExact(schedule.Time, "HH:mm", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _);
}
