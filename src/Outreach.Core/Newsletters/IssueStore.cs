using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Outreach.Core.Common.Storage;

namespace Outreach.Core.Newsletters;

/// <summary>Issues in one table partition (a few a month); the content is stored as JSON, split over properties when long.</summary>
public sealed class IssueStore(StorageAccount storage)
{
    private const string Partition = "issue";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<NewsletterIssue?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Newsletters);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(Partition, id, cancellationToken: cancellationToken);
        return found.HasValue ? ToIssue(found.Value!) : null;
    }

    public async Task<IReadOnlyList<NewsletterIssue>> ListAsync(CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Newsletters);
        var issues = new List<NewsletterIssue>();
        await foreach (var entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, cancellationToken: cancellationToken))
            issues.Add(ToIssue(entity));
        return issues.OrderByDescending(i => i.CreatedAt).ToList();
    }

    /// <summary>Adds an issue; false when the id is taken.</summary>
    public async Task<bool> TryAddAsync(NewsletterIssue issue, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Newsletters);
        return await table.TryAddAsync(ToEntity(issue), cancellationToken) == WriteOutcome.Written;
    }

    /// <summary>Replaces an issue if nobody changed it since it was read (its ETag); false otherwise.</summary>
    public async Task<bool> TryReplaceAsync(NewsletterIssue issue, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Newsletters);
        return (await table.TryUpdateAsync(ToEntity(issue), issue.ETag, TableUpdateMode.Replace, cancellationToken)).Written;
    }

    private static TableEntity ToEntity(NewsletterIssue issue)
    {
        var entity = new TableEntity(Partition, issue.Id)
        {
            ["Subject"] = issue.Content.Subject,
            ["Status"] = issue.Status,
            ["CampaignId"] = issue.CampaignId,
            ["Attempt"] = issue.Attempt,
            ["SendAtLocal"] = issue.SendAtLocal?.ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture),
            ["TimeZone"] = issue.TimeZone,
            ["SendAt"] = issue.SendAt,
            ["CreatedAt"] = issue.CreatedAt,
            ["UpdatedAt"] = issue.UpdatedAt,
        };
        TableText.Write(entity, "Content", JsonSerializer.Serialize(issue.Content, Json));
        return entity;
    }

    private static NewsletterIssue ToIssue(TableEntity entity) => new()
    {
        Id = entity.RowKey,
        Content = JsonSerializer.Deserialize<IssueContent>(TableText.Read(entity, "Content"), Json) ?? new IssueContent(),
        Status = entity.GetString("Status") ?? IssueStatus.Draft,
        CampaignId = entity.GetString("CampaignId"),
        Attempt = entity.GetInt32("Attempt") ?? 0,
        SendAtLocal = entity.GetString("SendAtLocal") is { } local
            ? DateTime.ParseExact(local, "yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture)
            : null,
        TimeZone = entity.GetString("TimeZone"),
        SendAt = entity.GetDateTimeOffset("SendAt"),
        CreatedAt = entity.GetDateTimeOffset("CreatedAt") ?? default,
        UpdatedAt = entity.GetDateTimeOffset("UpdatedAt") ?? default,
        ETag = entity.ETag,
    };
}
