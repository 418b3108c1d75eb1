using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Outreach.Core.Common.Storage;

namespace Outreach.Core.Webhooks.SendGrid;

/// <summary>What one click changed: whether it was the person's first click in the campaign, and on that link.</summary>
public readonly record struct FirstClicks(bool InCampaign, bool OnLink);

/// <summary>
/// Who clicked in which campaign (<see cref="TableNames.Clicks"/>), kept in one partition per person so that the GDPR
/// erasure removes all of it at once. Only the fact of a click is kept: no time, no address, no device.
/// </summary>
public sealed class ClickLedger(StorageAccount storage)
{
    private const char LinkSeparator = '~';

    /// <summary>Records a click; the counters of the campaign's report move by what <see cref="FirstClicks"/> says.</summary>
    public async Task<FirstClicks> RecordAsync(string campaignId, string contactKey, string url, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Clicks);
        var inCampaign = await table.TryAddAsync(new TableEntity(contactKey, campaignId), cancellationToken) == WriteOutcome.Written;
        var onLink = await table.TryAddAsync(new TableEntity(contactKey, campaignId + LinkSeparator + LinkHash(url)), cancellationToken) == WriteOutcome.Written;
        return new FirstClicks(inCampaign, onLink);
    }

    /// <summary>The contact keys of the people who clicked at least one link of any of these campaigns.</summary>
    public async Task<HashSet<string>> ClickersAsync(IReadOnlyCollection<string> campaignIds, CancellationToken cancellationToken = default)
    {
        var clickers = new HashSet<string>(StringComparer.Ordinal);
        if (campaignIds.Count == 0) return clickers;
        var table = await storage.TableAsync(TableNames.Clicks);
        // One scan of the table per call, whatever the number of campaigns: a person's campaign rows hold no link hash.
        var wanted = campaignIds.ToHashSet(StringComparer.Ordinal);
        await foreach (var row in table.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
            if (wanted.Contains(row.RowKey)) clickers.Add(row.PartitionKey);
        return clickers;
    }

    /// <summary>How many rows name the person (for the GDPR export's list of places).</summary>
    public async Task<int> CountAsync(string contactKey, CancellationToken cancellationToken = default)
    {
        var count = 0;
        await foreach (var _ in RowsOfAsync(contactKey, cancellationToken)) count++;
        return count;
    }

    public async Task EraseAsync(string contactKey, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Clicks);
        await foreach (var row in RowsOfAsync(contactKey, cancellationToken))
            await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken);
    }

    /// <summary>A short, stable name for a link (a table key cannot hold every character a URL may).</summary>
    public static string LinkHash(string url) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(url)))[..32];

    private async IAsyncEnumerable<TableEntity> RowsOfAsync(string contactKey, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableNames.Clicks);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {contactKey}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken)) yield return row;
    }
}
