using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Outreach.Core.Common.Storage;

namespace Outreach.Core.Newsletters;

public enum ArticleAdded
{
    Added,
    Duplicate,
}

/// <summary>
/// Articles: one row per link (PartitionKey "link", RowKey = hash of the link: the conditional insert that deduplicates),
/// and one index row per audience (PartitionKey = audience, RowKey = available-at ticks + link hash) so a digest reads
/// one partition over a time range.
/// </summary>
public sealed class ArticleStore(StorageAccount storage)
{
    private const string LinkPartition = "link";

    /// <summary>Adds an article unless its link is already known; safe to call again after a crash half-way.</summary>
    public async Task<ArticleAdded> AddAsync(Article article, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Articles);
        var stored = article;
        if (await table.TryAddAsync(ToLinkEntity(article, indexed: false), cancellationToken) == WriteOutcome.AlreadyThere)
        {
            var existing = (await table.GetEntityAsync<TableEntity>(LinkPartition, article.Id, cancellationToken: cancellationToken)).Value;
            if (existing.GetBoolean("Indexed") == true) return ArticleAdded.Duplicate;
            stored = ToArticle(existing);
        }

        await IndexAsync(stored, cancellationToken);
        await table.UpdateEntityAsync(ToLinkEntity(stored, indexed: true), ETag.All, TableUpdateMode.Replace, cancellationToken);
        return ArticleAdded.Added;
    }

    public async Task<Article?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        if (id.Length != 32 || !id.All(Uri.IsHexDigit)) return null;
        var table = await storage.TableAsync(TableNames.Articles);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(LinkPartition, id, cancellationToken: cancellationToken);
        return row.HasValue ? ToArticle(row.Value!) : null;
    }

    /// <summary>Rewrites an article's wording (title, summary) on its link row and every index row; the link and audiences stay.</summary>
    public async Task UpdateAsync(Article article, CancellationToken cancellationToken = default)
    {
        await IndexAsync(article, cancellationToken);
        var table = await storage.TableAsync(TableNames.Articles);
        await table.UpdateEntityAsync(ToLinkEntity(article, indexed: true), ETag.All, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Deletes an article: its index rows first (no digest picks it up any more), then its link row.</summary>
    public async Task DeleteAsync(Article article, CancellationToken cancellationToken = default)
    {
        var index = await storage.TableAsync(TableNames.ArticleIndex);
        foreach (var audience in article.Audiences.Distinct())
            await index.DeleteEntityAsync(audience, IndexRowKey(article), ETag.All, cancellationToken);
        var table = await storage.TableAsync(TableNames.Articles);
        await table.DeleteEntityAsync(LinkPartition, article.Id, ETag.All, cancellationToken);
    }

    /// <summary>Articles of an audience that became available in (<paramref name="after"/>, <paramref name="upTo"/>], newest first.</summary>
    public async Task<IReadOnlyList<Article>> ForAudienceAsync(string audienceId, DateTimeOffset after, DateTimeOffset upTo, int max, CancellationToken cancellationToken = default)
    {
        var index = await storage.TableAsync(TableNames.ArticleIndex);
        var from = Ticks(after) + "~";
        var to = Ticks(upTo) + "~";
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {audienceId} and RowKey gt {from} and RowKey lt {to}");
        var articles = new List<Article>();
        await foreach (var entity in index.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            articles.Add(ToArticle(entity));
        return articles.OrderByDescending(a => a.AvailableAt).Take(max).ToList();
    }

    private async Task IndexAsync(Article article, CancellationToken cancellationToken)
    {
        var index = await storage.TableAsync(TableNames.ArticleIndex);
        foreach (var audience in article.Audiences.Distinct())
        {
            var row = ToLinkEntity(article, indexed: true);
            row.PartitionKey = audience;
            row.RowKey = IndexRowKey(article);
            await index.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
        }
    }

    private static string IndexRowKey(Article article) => Ticks(article.AvailableAt) + "-" + article.Id;

    private static string Ticks(DateTimeOffset instant) => instant.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);

    private static TableEntity ToLinkEntity(Article article, bool indexed) => new(LinkPartition, article.Id)
    {
        ["Title"] = article.Title,
        ["Summary"] = article.Summary,
        ["Url"] = article.Url,
        ["Audiences"] = string.Join(',', article.Audiences),
        ["PublishedAt"] = article.PublishedAt,
        ["ReceivedAt"] = article.ReceivedAt,
        ["Source"] = article.Source,
        ["Indexed"] = indexed,
    };

    private static Article ToArticle(TableEntity entity) => new()
    {
        Title = entity.GetString("Title") ?? "",
        Summary = entity.GetString("Summary") ?? "",
        Url = entity.GetString("Url") ?? "",
        Audiences = (entity.GetString("Audiences") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries),
        PublishedAt = entity.GetDateTimeOffset("PublishedAt") ?? default,
        ReceivedAt = entity.GetDateTimeOffset("ReceivedAt") ?? default,
        Source = entity.GetString("Source") ?? "",
    };
}
