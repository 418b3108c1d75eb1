using System.Text;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using Outreach.Core.Common.Storage;

namespace Outreach.Core.Newsletters;

/// <summary>One issue in the public archive: what the list shows, and from when it is public.</summary>
public sealed record ArchivedIssue(string Id, string Subject, string Preheader, string Edition, DateTimeOffset PublishedAt);

/// <summary>
/// The public archive: the web copy of each issue (no personal data) as an HTML blob, and an index row saying
/// from when it is public (the instant its campaign leaves), so a scheduled issue appears exactly when it is sent.
/// </summary>
public sealed class NewsletterArchive(StorageAccount storage, TimeProvider clock)
{
    private const string Partition = "issue";

    public async Task PublishAsync(ArchivedIssue issue, string html, CancellationToken cancellationToken = default)
    {
        var container = await storage.ContainerAsync(ContainerNames.NewsletterArchive);
        await container.GetBlobClient(BlobName(issue.Id)).UploadAsync(
            BinaryData.FromString(html),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "text/html; charset=utf-8" } },
            cancellationToken);
        var table = await storage.TableAsync(TableNames.Archive);
        await table.UpsertEntityAsync(new TableEntity(Partition, issue.Id)
        {
            ["Subject"] = issue.Subject,
            ["Preheader"] = issue.Preheader,
            ["Edition"] = issue.Edition,
            ["PublishedAt"] = issue.PublishedAt,
        }, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Takes an issue out of the archive (its campaign was cancelled before it left).</summary>
    public async Task WithdrawAsync(string issueId, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Archive);
        await table.DeleteEntityAsync(Partition, issueId, ETag.All, cancellationToken);
        var container = await storage.ContainerAsync(ContainerNames.NewsletterArchive);
        await container.GetBlobClient(BlobName(issueId)).DeleteIfExistsAsync(cancellationToken: cancellationToken);
    }

    /// <summary>The issues already public, newest first.</summary>
    public async Task<IReadOnlyList<ArchivedIssue>> ListAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var table = await storage.TableAsync(TableNames.Archive);
        var issues = new List<ArchivedIssue>();
        await foreach (var entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, cancellationToken: cancellationToken))
        {
            var issue = ToArchived(entity);
            if (issue.PublishedAt <= now) issues.Add(issue);
        }

        return issues.OrderByDescending(i => i.PublishedAt).ToList();
    }

    /// <summary>The web copy of a public issue; null when unknown or not public yet.</summary>
    public async Task<(ArchivedIssue Issue, string Html)?> FindAsync(string issueId, CancellationToken cancellationToken = default)
    {
        if (issueId.Length is 0 or > 200 || issueId.Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '-'))) return null;
        var table = await storage.TableAsync(TableNames.Archive);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(Partition, issueId, cancellationToken: cancellationToken);
        if (!found.HasValue) return null;
        var issue = ToArchived(found.Value!);
        if (issue.PublishedAt > clock.GetUtcNow()) return null;

        var container = await storage.ContainerAsync(ContainerNames.NewsletterArchive);
        try
        {
            var content = await container.GetBlobClient(BlobName(issueId)).DownloadContentAsync(cancellationToken);
            return (issue, Encoding.UTF8.GetString(content.Value.Content.ToMemory().Span));
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    private static string BlobName(string issueId) => issueId + ".html";

    private static ArchivedIssue ToArchived(TableEntity entity) => new(
        entity.RowKey,
        entity.GetString("Subject") ?? "",
        entity.GetString("Preheader") ?? "",
        entity.GetString("Edition") ?? "",
        entity.GetDateTimeOffset("PublishedAt") ?? DateTimeOffset.MaxValue);
}
