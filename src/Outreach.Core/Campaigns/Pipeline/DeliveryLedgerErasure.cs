using System.Text.RegularExpressions;
using Azure;
using Azure.Data.Tables;
using Outreach.Core.Common.Storage;

namespace Outreach.Core.Campaigns.Pipeline;

/// <summary>
/// Takes one person out of every campaign's delivery ledger (GDPR erasure): out of each batch manifest that lists them
/// (the batch's first and last keys follow; a batch not sent yet counts one recipient fewer), out of the refusal
/// reasons SendGrid gave for those batches, and the rows recording that their mail was refused. The ledger is read
/// once, filtered by the storage service: erasures are rare, campaigns many.
/// </summary>
public sealed class DeliveryLedgerErasure(StorageAccount storage)
{
    private const int MaxWriteAttempts = 10;

    /// <summary>The ledger rows that name the person: batches whose manifest lists them, refusal rows, a planning cursor.</summary>
    public async Task<int> CountAsync(string contactKey, CancellationToken cancellationToken = default)
    {
        var count = 0;
        await foreach (var row in RowsAboutAsync(contactKey, cancellationToken))
            if (!IsBatch(row) || Decode(row)?.Recipients.Any(r => r.ContactKey == contactKey) == true) count++;
        return count;
    }

    /// <summary>Removes the person; <paramref name="words"/> (their address, first name) are blanked from refusal reasons.</summary>
    public async Task EraseAsync(string contactKey, IReadOnlyCollection<string> words, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.DeliveryLedger);
        await foreach (var row in RowsAboutAsync(contactKey, cancellationToken))
        {
            if (row.RowKey.StartsWith("f-", StringComparison.Ordinal))
                await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken);
            else if (IsBatch(row))
                await ScrubBatchAsync(table, row, contactKey, words, cancellationToken);
            else
                await table.UpdateEntityAsync(new TableEntity(row.PartitionKey, row.RowKey) { ["AfterKey"] = JustBefore(contactKey) }, ETag.All, TableUpdateMode.Merge, cancellationToken);
        }
    }

    private async IAsyncEnumerable<TableEntity> RowsAboutAsync(string contactKey, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableNames.DeliveryLedger);
        var filter = TableClient.CreateQueryFilter($"(FirstKey le {contactKey} and LastKey ge {contactKey}) or RowKey eq {"f-" + contactKey} or AfterKey eq {contactKey}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, 100, cancellationToken: cancellationToken)) yield return row;
    }

    private static async Task ScrubBatchAsync(TableClient table, TableEntity row, string contactKey, IReadOnlyCollection<string> words, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var manifest = Decode(row);
            if (manifest is null || manifest.Recipients.All(r => r.ContactKey != contactKey)) return;
            var kept = new BatchManifest(manifest.Recipients.Where(r => r.ContactKey != contactKey).ToList(), allowEmpty: true);
            var replaced = new TableEntity(row.PartitionKey, row.RowKey);
            foreach (var (name, value) in row)
                if (!name.StartsWith("Manifest", StringComparison.Ordinal) && name is not ("odata.etag" or "Timestamp" or "PartitionKey" or "RowKey")) replaced[name] = value;
            var chunks = kept.Recipients.Count == 0 ? [] : kept.Encode().Chunk(60 * 1024).ToList();
            replaced["ManifestChunks"] = chunks.Count;
            for (var i = 0; i < chunks.Count; i++) replaced[$"Manifest{i}"] = chunks[i];
            replaced["FirstKey"] = kept.FirstKey;
            replaced["LastKey"] = kept.LastKey;
            if (!BatchStatus.IsFinal(row.GetString("Status") ?? BatchStatus.Planned)) replaced["Recipients"] = kept.Recipients.Count;
            if (row.GetString("LastError") is { } error) replaced["LastError"] = Blank(error, words);
            var written = await table.TryUpdateAsync(replaced, row.ETag, TableUpdateMode.Replace, cancellationToken);
            if (written.Written || attempt >= MaxWriteAttempts) return;
            row = (await table.GetEntityAsync<TableEntity>(row.PartitionKey, row.RowKey, cancellationToken: cancellationToken)).Value;
        }
    }

    private static bool IsBatch(TableEntity row) => row.ContainsKey("ManifestChunks");

    private static BatchManifest? Decode(TableEntity row)
    {
        var chunks = row.GetInt32("ManifestChunks") ?? 0;
        if (chunks == 0) return null;
        using var bytes = new MemoryStream();
        for (var i = 0; i < chunks; i++) bytes.Write(row.GetBinary($"Manifest{i}"));
        return BatchManifest.Decode(bytes.ToArray());
    }

    private static string Blank(string text, IReadOnlyCollection<string> words) =>
        words.Where(w => w.Length > 1).Aggregate(text, (current, word) => Regex.Replace(current, Regex.Escape(word), "<recipient>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant));

    /// <summary>A key that sorts just below <paramref name="key"/> and above every other key below it: planning "after" it skips the same rows.</summary>
    private static string JustBefore(string key) => key[..^1] + (char)(key[^1] - 1) + "~";
}
