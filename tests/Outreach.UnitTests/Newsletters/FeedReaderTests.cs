using System.Text;
using Outreach.Core.Newsletters;

namespace Outreach.UnitTests.Newsletters;

public sealed class FeedReaderTests
{
    private static readonly ArticleFeed Feed = new() { Url = "https://www.outreach.example.org/feed", Audiences = ["quotidienne", "hebdo-associations"] };
    private static readonly DateTimeOffset Now = new(2026, 10, 26, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AnRssFeedBecomesArticlesWithPlainTextSummaries()
    {
        const string rss = """
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0"><channel><title>Outreach</title><link>https://www.outreach.example.org/</link><description>d</description>
            <item><title>Mécénat &amp; compétences</title><link>https://www.outreach.example.org/a/1#top</link>
              <description>&lt;p&gt;Ce qui &lt;b&gt;change&lt;/b&gt; en 2026&lt;/p&gt;</description><pubDate>Fri, 23 Oct 2026 14:00:00 +0200</pubDate></item>
            <item><title>Sans lien</title></item>
            </channel></rss>
            """;

        var articles = Read(rss);

        var article = Assert.Single(articles);
        Assert.Equal("Mécénat & compétences", article.Title);
        Assert.Equal("Ce qui change en 2026", article.Summary);
        Assert.Equal("https://www.outreach.example.org/a/1", article.Url);
        Assert.Equal(new DateTimeOffset(2026, 10, 23, 12, 0, 0, TimeSpan.Zero), article.PublishedAt);
        Assert.Equal(["quotidienne", "hebdo-associations"], article.Audiences);
    }

    [Fact]
    public void AnAtomFeedBecomesArticles()
    {
        const string atom = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom"><title>Outreach</title><id>urn:outreach</id><updated>2026-10-25T10:00:00Z</updated>
            <entry><title>Trois alliances</title><id>urn:1</id><link rel="alternate" href="https://www.outreach.example.org/a/2"/>
              <updated>2026-10-25T10:00:00Z</updated><summary>Un territoire changé.</summary></entry>
            </feed>
            """;

        var article = Assert.Single(Read(atom));
        Assert.Equal("Trois alliances", article.Title);
        Assert.Equal("https://www.outreach.example.org/a/2", article.Url);
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 10, 0, 0, TimeSpan.Zero), article.PublishedAt);
    }

    [Fact]
    public void ADocumentTypeDeclarationIsRefused()
    {
        const string xxe = """
            <?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>
            <rss version="2.0"><channel><title>&x;</title></channel></rss>
            """;

        Assert.Throws<System.Xml.XmlException>(() => Read(xxe));
    }

    [Fact]
    public void LinksAreComparedInOneForm()
    {
        Assert.Equal(ArticleLinks.KeyOf("https://WWW.Example.org:443/a#x"), ArticleLinks.KeyOf("https://www.example.org/a"));
        Assert.NotEqual(ArticleLinks.KeyOf("https://www.example.org/a"), ArticleLinks.KeyOf("https://www.example.org/b"));
        Assert.Null(ArticleLinks.Normalise("javascript:alert(1)"));
    }

    private static IReadOnlyList<Article> Read(string xml) =>
        FeedReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(xml)), Feed, Now);
}
