using System.Net;
using System.ServiceModel.Syndication;
using System.Text.RegularExpressions;
using System.Xml;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Outreach.Core.Newsletters;

/// <summary>Reads RSS 2.0 and Atom 1.0 documents into articles (DTDs and external entities refused).</summary>
public static partial class FeedReader
{
    public const int MaxSummary = 500;

    public static IReadOnlyList<Article> Read(Stream xml, ArticleFeed feed, DateTimeOffset now)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = 20_000_000 };
        using var reader = XmlReader.Create(xml, settings);
        var syndication = SyndicationFeed.Load(reader);
        var articles = new List<Article>();
        foreach (var item in syndication.Items)
        {
            var url = ArticleLinks.Normalise(LinkOf(item));
            var title = PlainText(item.Title?.Text);
            if (url is null || title.Length == 0) continue;
            var published = item.PublishDate != default ? item.PublishDate : item.LastUpdatedTime != default ? item.LastUpdatedTime : now;
            articles.Add(new Article
            {
                Title = Shorten(title, ArticleService.MaxTitle),
                Summary = Shorten(PlainText(item.Summary?.Text ?? (item.Content as TextSyndicationContent)?.Text), MaxSummary),
                Url = url,
                Audiences = feed.Audiences,
                PublishedAt = published,
                ReceivedAt = now,
                Source = feed.Url,
            });
        }

        return articles;
    }

    private static string? LinkOf(SyndicationItem item) =>
        (item.Links.FirstOrDefault(l => l.RelationshipType is null or "alternate") ?? item.Links.FirstOrDefault())?.Uri?.ToString()
        ?? (Uri.TryCreate(item.Id, UriKind.Absolute, out var id) ? id.ToString() : null);

    /// <summary>Feed text often carries HTML: tags removed, entities decoded, whitespace collapsed.</summary>
    public static string PlainText(string? html)
    {
        if (string.IsNullOrWhiteSpace(html)) return "";
        var text = WebUtility.HtmlDecode(Tags().Replace(html, " "));
        return Spaces().Replace(text, " ").Trim();
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)].TrimEnd() + "…";

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}

/// <summary>
/// Polls the configured feeds and adds their new items (by link) as articles; one failing feed does not stop the others.
/// A feed may redirect (at most <see cref="MaxRedirects"/> times) within its own host, never to another one: a feed whose
/// host was taken over, or an open redirect, cannot make the worker fetch internal or arbitrary addresses.
/// </summary>
public sealed class FeedPoller(IOptions<ArticleOptions> options, IHttpClientFactory httpClients, ArticleStore store, FeedPollLog log, TimeProvider clock, ILogger<FeedPoller> logger)
{
    public const string HttpClientName = "feeds";
    public const int MaxFeedBytes = 5 * 1024 * 1024;
    public const int MaxRedirects = 3;

    public async Task<int> PollAsync(CancellationToken cancellationToken = default)
    {
        var added = 0;
        foreach (var feed in options.Value.Feeds)
        {
            try
            {
                var fromFeed = await PollAsync(feed, cancellationToken);
                added += fromFeed;
                await log.RecordAsync(feed, clock.GetUtcNow(), fromFeed, null, cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or XmlException or TaskCanceledException or InvalidOperationException or IOException)
            {
                logger.LogWarning(e, "Feed {FeedUrl} could not be read", feed.Url);
                await log.RecordAsync(feed, clock.GetUtcNow(), null, e.Message, cancellationToken);
            }
        }

        return added;
    }

    /// <summary>The configured feeds and what their last poll did.</summary>
    public Task<IReadOnlyList<FeedStatus>> StatusAsync(CancellationToken cancellationToken = default) => log.StatusAsync(options.Value.Feeds, cancellationToken);

    private async Task<int> PollAsync(ArticleFeed feed, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var oldest = now.AddDays(-options.Value.MaxAgeDays);
        using var client = httpClients.CreateClient(HttpClientName);
        client.Timeout = TimeSpan.FromSeconds(30);
        using var response = await GetWithinHostAsync(client, new Uri(feed.Url), cancellationToken);
        response.EnsureSuccessStatusCode();
        if (response.Content.Headers.ContentLength > MaxFeedBytes) throw new InvalidOperationException($"Feed larger than {MaxFeedBytes} bytes.");
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        await CopyAtMostAsync(body, buffer, MaxFeedBytes, cancellationToken);
        buffer.Position = 0;

        var added = 0;
        foreach (var article in FeedReader.Read(buffer, feed, now).Where(a => a.PublishedAt >= oldest))
        {
            if (await store.AddAsync(article, cancellationToken) == ArticleAdded.Added) added++;
        }

        logger.LogInformation("Feed {FeedUrl}: {Added} new article(s)", feed.Url, added);
        return added;
    }

    private static async Task<HttpResponseMessage> GetWithinHostAsync(HttpClient client, Uri feedUrl, CancellationToken cancellationToken)
    {
        var url = feedUrl;
        for (var hop = 0; ; hop++)
        {
            var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if ((int)response.StatusCode is < 300 or > 399 || response.Headers.Location is not { } location) return response;
            response.Dispose();
            var next = location.IsAbsoluteUri ? location : new Uri(url, location);
            if (hop >= MaxRedirects) throw new InvalidOperationException($"The feed redirected more than {MaxRedirects} times.");
            if (!string.Equals(next.Host, feedUrl.Host, StringComparison.OrdinalIgnoreCase) || next.Scheme is not ("http" or "https"))
                throw new InvalidOperationException($"The feed redirected to another host ({next.Host}); only redirects within {feedUrl.Host} are followed.");
            url = next;
        }
    }

    private static async Task CopyAtMostAsync(Stream from, Stream to, int max, CancellationToken cancellationToken)
    {
        var chunk = new byte[81920];
        int read;
        while ((read = await from.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (to.Length + read > max) throw new InvalidOperationException($"Feed larger than {max} bytes.");
            await to.WriteAsync(chunk.AsMemory(0, read), cancellationToken);
        }
    }
}
