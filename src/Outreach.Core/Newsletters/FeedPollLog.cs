using Azure.Data.Tables;
using Outreach.Core.Common.Storage;

namespace Outreach.Core.Newsletters;

/// <summary>A configured feed and what its last poll did: when, how many new articles, or why it could not be read.</summary>
public sealed record FeedStatus(string Url, IReadOnlyList<string> Audiences, DateTimeOffset? LastPolledAt, int? Added, string? Error);

/// <summary>The last poll of each feed, one row per feed URL in the articles table (PartitionKey <c>~feeds</c>).</summary>
public sealed class FeedPollLog(StorageAccount storage)
{
    private const string Partition = "~feeds";
    private const int MaxError = 500;

    public async Task RecordAsync(ArticleFeed feed, DateTimeOffset at, int? added, string? error, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Articles);
        await table.UpsertEntityAsync(new TableEntity(Partition, ArticleLinks.KeyOf(feed.Url))
        {
            ["Url"] = feed.Url,
            ["At"] = at,
            ["Added"] = added,
            ["Error"] = error is { Length: > MaxError } ? error[..MaxError] : error,
        }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<FeedStatus>> StatusAsync(IReadOnlyList<ArticleFeed> feeds, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Articles);
        var rows = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, cancellationToken: cancellationToken)) rows[row.RowKey] = row;
        return feeds.Select(feed => rows.TryGetValue(ArticleLinks.KeyOf(feed.Url), out var row)
            ? new FeedStatus(feed.Url, feed.Audiences, row.GetDateTimeOffset("At"), row.GetInt32("Added"), row.GetString("Error"))
            : new FeedStatus(feed.Url, feed.Audiences, null, null, null)).ToList();
    }
}
