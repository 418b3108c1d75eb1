using Outreach.Core.Newsletters;

namespace Outreach.UnitTests.Newsletters;

public sealed class RenderingTests
{
    private readonly NewsletterKit kit = new();

    [Fact]
    public async Task UserTextIsHtmlEncodedEverywhereItAppears()
    {
        var content = SampleIssue.Content with
        {
            Subject = "Alliance <script>alert(1)</script> & co",
            Preheader = "<img src=x onerror=alert(2)>",
            Edition = "<b>Octobre</b>",
            Editorial = "Bonjour <script>alert(3)</script> **gras** <iframe src=\"https://evil.example\"></iframe>",
            Sections = [new IssueSection { Title = "<em>Titre</em>", Body = "Corps <div onclick=\"x()\">clic</div>", Kicker = "<i>k</i>", LinkLabel = "\"><script>", Link = "https://example.org/a?b=1&c=2" }],
        };

        var mail = await kit.RenderIssueAsync(content, Recipients.Named("<b>Zoé</b>", "fr"));

        Assert.DoesNotContain("<script", mail.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<iframe", mail.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", mail.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<em>Titre", mail.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>Zoé", mail.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<div onclick", mail.Html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co", mail.Html, StringComparison.Ordinal);
        Assert.Contains("Bonjour &lt;b&gt;Zoé&lt;/b&gt;,", mail.Html, StringComparison.Ordinal);
        Assert.Contains("<strong>gras</strong>", mail.Html, StringComparison.Ordinal); // Markdown still works
        Assert.Contains("https://example.org/a?b=1&amp;c=2", mail.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryLinkOfTheSampleIssueIsAbsolute()
    {
        var mail = await kit.Renderer.RenderAsync(DefaultTemplates.NewsletterSource, kit.Samples.Newsletter());

        var links = NewsletterKit.Hrefs(mail.Html);
        Assert.NotEmpty(links);
        Assert.All(links, link => Assert.True(
            Uri.TryCreate(link, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" or "mailto", $"Not absolute: {link}"));
        Assert.Contains(NewsletterKit.Website + "jeudis-odd17", links); // a relative Markdown link, resolved
        Assert.Contains(NewsletterKit.BaseUrl + "/api/newsletters/" + SampleIssue.Id, links); // view in browser
    }

    [Fact]
    public async Task UnsafeOrRelativeLinksInMarkdownAreMadeSafeAndAbsolute()
    {
        var content = SampleIssue.Content with
        {
            Editorial = "[a](javascript:alert(1)) [b](/dossiers/x) [c](data:text/html,hi) [d](mailto:contact@example.org) <http://example.org/auto> www.example.org",
        };

        var mail = await kit.RenderIssueAsync(content);

        Assert.DoesNotContain("javascript:", mail.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("data:text", mail.Html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("href=\"https://www.outreach.example.org/dossiers/x\"", mail.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"mailto:contact@example.org\"", mail.Html, StringComparison.Ordinal);
        Assert.All(NewsletterKit.Hrefs(mail.Html), link => Assert.True(Uri.IsWellFormedUriString(link, UriKind.Absolute), link));
    }

    [Fact]
    public async Task ThePlainTextPartCarriesTheSameContentWithItsLinks()
    {
        var mail = await kit.Renderer.RenderAsync(DefaultTemplates.NewsletterSource, kit.Samples.Newsletter());

        Assert.Contains("L'économie de l'alliance", mail.Text, StringComparison.Ordinal);
        Assert.Contains("Bonjour Marie,", mail.Text, StringComparison.Ordinal);
        Assert.Contains("faire alliance", mail.Text, StringComparison.Ordinal);
        Assert.Contains("L'ODD 17 en pratique (https://www.outreach.example.org/jeudis-odd17)", mail.Text, StringComparison.Ordinal);
        Assert.Contains("DOSSIER DU MOIS", mail.Text, StringComparison.Ordinal);
        Assert.Contains("- un diagnostic partagé", mail.Text, StringComparison.Ordinal);
        Assert.Contains("Me désinscrire : https://outreach.example.org/api/unsubscribe?token=sample", mail.Text, StringComparison.Ordinal);
        Assert.Contains("1 rue de l'Exemple", mail.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("<", mail.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("**", mail.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheHtmlIsMailSafeTablesWithInlinedStylesAndOnlyMediaQueriesLeftInTheHead()
    {
        var mail = await kit.Renderer.RenderAsync(DefaultTemplates.NewsletterSource, kit.Samples.Newsletter());

        Assert.Contains("<table role=\"presentation\"", mail.Html, StringComparison.Ordinal);
        Assert.Contains("style=\"", mail.Html, StringComparison.Ordinal);
        var head = mail.Html[..mail.Html.IndexOf("</head>", StringComparison.Ordinal)];
        var style = Assert.Single(System.Text.RegularExpressions.Regex.Matches(head, "<style>(.*?)</style>", System.Text.RegularExpressions.RegexOptions.Singleline)).Groups[1].Value;
        Assert.Contains("@media screen and (max-width: 620px)", style, StringComparison.Ordinal);
        Assert.Contains("@media (prefers-color-scheme: dark)", style, StringComparison.Ordinal);
        Assert.DoesNotContain("body {", style.Split("@media")[0], StringComparison.Ordinal); // everything else is inlined
        Assert.Contains("class=\"container\"", mail.Html, StringComparison.Ordinal); // what the media queries select
        Assert.Contains("Dossier du mois", mail.Html, StringComparison.Ordinal);
        Assert.Contains("Ce que vaut une alliance", mail.Html, StringComparison.Ordinal);
        Assert.Contains("Vous recevez ce message car vous êtes inscrit·e à « La Newsletter (mensuelle) »", mail.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheUpcomingWebinarsBlockIsHiddenWithoutSessionsAndShownWithThem()
    {
        var without = await kit.Renderer.RenderAsync(DefaultTemplates.NewsletterSource, kit.Samples.Newsletter() with { Events = [] });
        var with = await kit.Renderer.RenderAsync(DefaultTemplates.NewsletterSource, kit.Samples.Newsletter());

        Assert.DoesNotContain("Les prochains webinaires", without.Html, StringComparison.Ordinal);
        Assert.Contains("Les prochains webinaires", with.Html, StringComparison.Ordinal);
        Assert.Contains("jeudi 8 octobre 2026, 12:00", with.Html, StringComparison.Ordinal); // 10:00 UTC shown in Paris time
        Assert.Contains("Les prochains webinaires", with.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheWebViewHasNoPersonalLinksAndOffersTheSignUpInstead()
    {
        var web = await kit.Renderer.RenderAsync(DefaultTemplates.NewsletterSource, kit.Samples.Newsletter() with
        {
            Recipient = Recipients.Anonymous("fr"),
            Links = kit.Views.Links(RecipientLinks.None, Outreach.Core.Audiences.DefaultAudiences.All[4], kit.Views.WebViewUrl(SampleIssue.Id)),
        });

        Assert.DoesNotContain("unsubscribe", web.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("preferences", web.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Marie", web.Html, StringComparison.Ordinal);
        Assert.Contains("Bonjour,", web.Html, StringComparison.Ordinal);
        Assert.Contains("/api/signup?audience=newsletter", web.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheDigestTemplateListsItsArticles()
    {
        var mail = await kit.Renderer.RenderAsync(DefaultTemplates.DigestSource, kit.Samples.Digest());

        Assert.Equal("La quotidienne · lundi 26 octobre 2026", mail.Subject);
        Assert.Contains("Mécénat de compétences : le guide 2026", mail.Html, StringComparison.Ordinal);
        Assert.Contains("https://outreach.example.org/articles/1", mail.Text, StringComparison.Ordinal);
        Assert.All(NewsletterKit.Hrefs(mail.Html), link => Assert.True(Uri.IsWellFormedUriString(link, UriKind.Absolute), link));
    }
}
