using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Outreach.Core.Newsletters;
using Outreach.IntegrationTests.Events;
using Outreach.IntegrationTests.Infrastructure;

namespace Outreach.IntegrationTests.Mail;

/// <summary>
/// The mails as sent, opened in Chromium at a phone's width (375 px) and at the layout's full width (600 px): nothing
/// scrolls sideways, and the footer's links can be seen and reached.
/// </summary>
[Trait("Category", "Browser")]
public class MailOnPhoneTests(EventsDevHostFixture host) : IClassFixture<EventsDevHostFixture>
{
    /// <summary>Gmail clips a message whose HTML is larger than about 102 KB (and hides the footer with it).</summary>
    public const int GmailClippingBytes = 102 * 1024;

    public static TheoryData<int> Widths => [375, 600];

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task The_sample_issue_fits_the_screen_and_shows_its_footer_links(int width)
    {
        var html = await SampleIssueHtmlAsync();

        await using var context = await Browser.NewContextAsync(new Uri("http://127.0.0.1/"), viewportWidth: width);
        var page = await OpenAsync(context, html, width, "sample-issue");

        await AssertFitsAsync(page, width);
        await AssertLinkVisibleAsync(page, "Gérer mes préférences", width);
        await AssertLinkVisibleAsync(page, "Me désinscrire", width);
        await AssertLinkVisibleAsync(page, "Voir dans le navigateur", width);
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task A_digest_fits_the_screen_and_shows_its_footer_links(int width)
    {
        var renderer = host.Services.GetRequiredService<MailRenderer>();
        var digest = await renderer.RenderAsync(DefaultTemplates.DigestSource, host.Services.GetRequiredService<SampleViews>().Digest());

        await using var context = await Browser.NewContextAsync(new Uri("http://127.0.0.1/"), viewportWidth: width);
        var page = await OpenAsync(context, digest.Html, width, "digest");

        await AssertFitsAsync(page, width);
        await AssertLinkVisibleAsync(page, "Gérer mes préférences", width);
        await AssertLinkVisibleAsync(page, "Me désinscrire", width);
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task An_event_confirmation_fits_the_screen_and_shows_its_links(int width)
    {
        var eventId = await host.CreateWebinarAsync();
        var email = EventClient.UniqueEmail("phone");
        await host.CreateClient().RegisterAsync(eventId, email);
        var mail = Assert.Single(await host.ReadOutboxAsync(email));
        Assert.Contains(mail.BodyParts, part => part.ContentType.MimeType == "text/calendar");
        var html = mail.HtmlBody ?? "";
        Assert.Contains("@media screen and (max-width: 620px)", html[..html.IndexOf("</head>", StringComparison.Ordinal)]);
        Assert.Contains("max-width: 600px", html);

        await using var context = await Browser.NewContextAsync(new Uri("http://127.0.0.1/"), viewportWidth: width);
        var page = await OpenAsync(context, html, width, "event-confirmation");

        await AssertFitsAsync(page, width);
        await AssertLinkVisibleAsync(page, "Rejoindre le webinaire", width);
        await AssertLinkVisibleAsync(page, "Je ne pourrai pas venir : annuler mon inscription", width);
    }

    [Fact]
    public async Task The_sample_issue_is_under_the_Gmail_clipping_limit_with_its_head_media_queries_and_presentation_tables()
    {
        var html = await SampleIssueHtmlAsync();

        Assert.InRange(Encoding.UTF8.GetByteCount(html), 1, GmailClippingBytes - 1);
        Assert.Contains("<html lang=\"fr\"", html);
        Assert.Contains("@media screen and (max-width: 620px)", html[..html.IndexOf("</head>", StringComparison.Ordinal)]);
        Assert.Contains("max-width: 600px", html);
        Assert.DoesNotContain("width=\"600px\"", html);
        Assert.DoesNotMatch("(?<!max-)width: ?600px", html);
        Assert.All(System.Text.RegularExpressions.Regex.Matches(html, "<table\\b[^>]*>").Select(m => m.Value), table => Assert.Contains("role=\"presentation\"", table));
        Assert.All(System.Text.RegularExpressions.Regex.Matches(html, "<img\\b[^>]*>").Select(m => m.Value), image => Assert.Contains("alt=", image));
    }

    private async Task<string> SampleIssueHtmlAsync()
    {
        var response = await host.CreateAdminClient().GetAsync($"/api/admin/newsletters/{SampleIssue.Id}/preview");
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<IPage> OpenAsync(IBrowserContext context, string html, int width, string name)
    {
        var page = await context.NewPageAsync();
        await page.SetContentAsync(html);
        if (Environment.GetEnvironmentVariable("OUTREACH_SCREENSHOTS") is { Length: > 0 } folder)
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}-{width}.png"), FullPage = true });
        return page;
    }

    private static async Task AssertFitsAsync(IPage page, int width)
    {
        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= width, $"The mail is {scrollWidth} px wide in a {width} px window: it scrolls sideways.");
    }

    private static async Task AssertLinkVisibleAsync(IPage page, string name, int width)
    {
        var link = page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).First;
        Assert.True(await link.IsVisibleAsync(), $"The link « {name} » is not visible.");
        var box = await link.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.X >= 0 && box.X + box.Width <= width, $"The link « {name} » is off-screen ({box.X}–{box.X + box.Width} px in {width} px).");
    }
}
