using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Outreach.Core.Common.Configuration;
using Outreach.Core.Common.Links;
using Outreach.Core.Newsletters;
using Outreach.Core.Subscriptions;

namespace Outreach.UnitTests.Newsletters;

/// <summary>The rendering services wired by hand (no storage), as AddNewsletters wires them.</summary>
internal sealed partial class NewsletterKit
{
    public const string BaseUrl = "https://outreach.example.org";
    public const string Website = "https://www.outreach.example.org/";

    public NewsletterKit(IUpcomingSessions? sessions = null)
    {
        Clock = new FakeTimeProvider(new DateTimeOffset(2026, 10, 1, 8, 0, 0, TimeSpan.Zero));
        var outreach = Options.Create(new OutreachOptions { PublicBaseUrl = BaseUrl });
        var tokens = new LinkTokens(Options.Create(new TokenOptions { SigningKey = new string('k', 40) }), Clock);
        Urls = new PublicUrls(outreach);
        Links = new SubscriptionLinks(Urls, tokens);
        Markdown = new MarkdownContent(new Uri(Website));
        Liquid = new LiquidTemplates();
        Renderer = new MailRenderer(Liquid);
        Views = new NewsletterViews(outreach, Options.Create(new NewsletterOptions { WebsiteUrl = Website }), Urls, Markdown, sessions ?? new NoUpcomingSessions(), Clock);
        Samples = new SampleViews(Views, Urls);
    }

    public FakeTimeProvider Clock { get; }
    public PublicUrls Urls { get; }

    public SubscriptionLinks Links { get; }
    public MarkdownContent Markdown { get; }
    public LiquidTemplates Liquid { get; }
    public MailRenderer Renderer { get; }
    public NewsletterViews Views { get; }
    public SampleViews Samples { get; }

    /// <summary>The sample issue with other content, rendered with the default newsletter template.</summary>
    public Task<RenderedMail> RenderIssueAsync(IssueContent content, RecipientView? recipient = null) =>
        Renderer.RenderAsync(DefaultTemplates.NewsletterSource, Samples.Newsletter() with
        {
            Issue = Views.IssueView(content, "Octobre 2026"),
            Recipient = recipient ?? Recipients.Sample("fr"),
        });

    public static IReadOnlyList<string> Hrefs(string html) => Href().Matches(html).Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();

    [GeneratedRegex("(?:href|src)=\"([^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex Href();
}
