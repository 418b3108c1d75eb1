using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Outreach.Core.Audiences;
using Outreach.Core.Campaigns;
using Outreach.Core.Campaigns.Rendering;
using Outreach.Core.Common.Configuration;
using Outreach.Core.Common.Links;
using Outreach.Core.Newsletters;
using Outreach.Core.Subscriptions;

namespace Outreach.Benchmarks.Newsletters;

/// <summary>
/// What sending the sample October issue costs in rendering: once per campaign (Markdown, Liquid, CSS inlining,
/// text part, the engine's compile to substitution tags), then per recipient (the engine fills the tags: what the
/// Outbox does for each copy, and what SendGrid does server-side). The naive alternative, a full render per
/// recipient, is measured alongside to show the ratio.
/// </summary>
[MemoryDiagnoser]
public class NewsletterRenderingBenchmarks
{
    private MailRenderer renderer = null!;
    private NewsletterViews views = null!;
    private SubscriptionLinks links = null!;
    private NewsletterIssue issue = null!;
    private Audience audience = null!;
    private RecipientPlaceholders placeholders = null!;
    private CampaignTemplate compiled = null!;
    private RecipientValues recipient = null!;

    [GlobalSetup]
    public async Task SetUp()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 10, 1, 7, 0, 0, TimeSpan.Zero));
        var outreach = Options.Create(new OutreachOptions());
        links = new SubscriptionLinks(new PublicUrls(outreach), new LinkTokens(Options.Create(new TokenOptions { SigningKey = new string('k', 40) }), clock));
        var markdown = new MarkdownContent(new Uri("https://www.outreach.example.org/"));
        renderer = new MailRenderer(new LiquidTemplates());
        views = new NewsletterViews(outreach, Options.Create(new NewsletterOptions()), new PublicUrls(outreach), markdown, new NoUpcomingSessions(), clock);
        issue = new NewsletterIssue { Id = SampleIssue.Id, Content = SampleIssue.Content };
        audience = DefaultAudiences.All.First(a => a.Id == DefaultAudiences.Newsletter);
        placeholders = new DeliveryCampaignEngine(null!, null!).Placeholders;
        compiled = await RenderCampaignAsync();
        recipient = Recipient(0);
    }

    /// <summary>Once per campaign: the whole rendering of the issue with the engine's placeholders, compiled to tags.</summary>
    [Benchmark(Baseline = true)]
    public Task<CampaignTemplate> RenderCampaignOnce() => RenderCampaignAsync();

    /// <summary>Once per recipient: one copy from the compiled campaign (substitutions filled).</summary>
    [Benchmark]
    public RenderedCopy FillOneRecipient() => compiled.RenderFor(recipient);

    /// <summary>Once per recipient with SendGrid: only the substitution values of one personalization.</summary>
    [Benchmark]
    public Dictionary<string, string> SubstitutionsOfOneRecipient() => compiled.SubstitutionsFor(recipient);

    /// <summary>The naive way, for the ratio: the full Liquid + PreMailer rendering for each recipient.</summary>
    [Benchmark]
    public async Task<RenderedMail> FullRenderPerRecipient()
    {
        var view = await views.IssueAsync(issue, audience, Recipients.Named("Marie", "fr"),
            new RecipientLinks(recipient.UnsubscribeUrl, recipient.PreferencesUrl));
        return await renderer.RenderAsync(DefaultTemplates.NewsletterSource, view);
    }

    private async Task<CampaignTemplate> RenderCampaignAsync()
    {
        var view = await views.IssueAsync(issue, audience, placeholders.RecipientFor("fr"), placeholders.Links, placeholders.AudienceName);
        var body = await renderer.RenderAsync(DefaultTemplates.NewsletterSource, view);
        var draft = new CampaignDraft { Subject = body.Subject, Html = body.Html, Text = body.Text, Audiences = [audience.Id], Kind = CampaignKinds.Newsletter, AppendFooter = false };
        return CampaignTemplate.Compile(ComposedCampaign.From(draft, "Outreach, 1 rue de l'Exemple, 75001 Paris, France"));
    }

    private RecipientValues Recipient(int index)
    {
        var key = EmailAddress.KeyOf($"person{index}@example.org");
        return new RecipientValues($"person{index}@example.org", "Marie", audience.Name, links.Unsubscribe(key, audience.Id), links.Preferences(key));
    }
}
