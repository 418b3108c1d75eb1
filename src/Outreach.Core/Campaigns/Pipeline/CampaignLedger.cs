using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Outreach.Core.Common.Storage;

namespace Outreach.Core.Campaigns.Pipeline;

/// <summary>A batch's place in its life: planned → sending → sent, or failed, poisoned, unknown, cancelled.</summary>
public static class BatchStatus
{
    public const string Planned = "planned";

    /// <summary>Handed to the transport; if the sender stops now, nobody knows whether SendGrid took it.</summary>
    public const string Sending = "sending";

    public const string Sent = "sent";

    /// <summary>Refused for good (a 4xx); not retried.</summary>
    public const string Failed = "failed";

    /// <summary>Given up after repeated transient failures; the message is in the poison queue and a replay retries it.</summary>
    public const string Poisoned = "poisoned";

    /// <summary>Found <c>sending</c> long after its sender started: possibly sent, never sent again blindly.</summary>
    public const string Unknown = "unknown";

    public const string Cancelled = "cancelled";

    /// <summary>States a batch never leaves (a poisoned batch can be replayed, so it is not one of them).</summary>
    public static bool IsFinal(string status) => status is Sent or Failed or Unknown or Cancelled;

    /// <summary>States that count as handled when deciding whether a campaign is finished.</summary>
    public static bool IsSettled(string status) => IsFinal(status) || status == Poisoned;
}

/// <summary>One batch's ledger row (without its manifest unless asked).</summary>
public sealed record BatchRecord
{
    public required string CampaignId { get; init; }
    public required int Number { get; init; }
    public required string Status { get; init; }
    public int Recipients { get; init; }
    public string FirstKey { get; init; } = "";
    public string LastKey { get; init; } = "";
    public DateTimeOffset PlannedAt { get; init; }
    public int Attempts { get; init; }
    public string? LastError { get; init; }
    public DateTimeOffset? NextAttemptAt { get; init; }
    public DateTimeOffset? SendingSince { get; init; }
    public int Sent { get; init; }
    public int Suppressed { get; init; }
    public int Failed { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>SendGrid's X-Message-Id for the request that carried this batch.</summary>
    public string? MessageId { get; init; }

    public BatchManifest? Manifest { get; init; }
    public ETag ETag { get; init; }
}

/// <summary>Where planning stands: the last step completed, the key after which to continue, the next batch number.</summary>
public sealed record PlanCursor(int CompletedStep, string? AfterKey, int NextBatch, bool Done, ETag ETag)
{
    /// <summary>When the cursor last moved (the storage's clock).</summary>
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>Why the planner gave up, when it did (its message went to the poison queue).</summary>
    public string? Error { get; init; }
}

/// <summary>
/// The delivery ledger of each campaign, in one table partition per campaign: the planning cursor, one row per batch
/// (its manifest, status and counts: one write per ≤1000 recipients, not per recipient), and rows for recipients whose
/// mail was refused. Every change is conditional on the row's ETag, which is what makes each step safe to repeat.
/// </summary>
public sealed class CampaignLedger(StorageAccount storage)
{
    private const string PlanRow = "plan";
    private const string BatchPrefix = "b";
    private const string FailurePrefix = "f-";
    private const int ManifestChunkBytes = 60 * 1024;
    private static readonly string[] SummaryColumns =
        ["PartitionKey", "RowKey", "Status", "Recipients", "Sent", "Suppressed", "Failed", "LastError", "SendingSince", "Attempts", "FirstKey", "LastKey", "PlannedAt", "CompletedAt", "NextAttemptAt", "MessageId"];

    public static string BatchKey(int number) => $"{BatchPrefix}{number:D6}";

    // ---- planning ----

    public async Task<PlanCursor> GetOrStartPlanAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.DeliveryLedger);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(campaignId, PlanRow, cancellationToken: cancellationToken);
        if (found.HasValue) return ToPlan(found.Value!);
        // Whether this planner or another created it first, the row now read is the one everybody plans from.
        await table.TryAddAsync(new TableEntity(campaignId, PlanRow) { ["CompletedStep"] = 0, ["NextBatch"] = 1, ["Done"] = false }, cancellationToken);
        return ToPlan((await table.GetEntityAsync<TableEntity>(campaignId, PlanRow, cancellationToken: cancellationToken)).Value);
    }

    public async Task<PlanCursor?> FindPlanAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.DeliveryLedger);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(campaignId, PlanRow, cancellationToken: cancellationToken);
        return found.HasValue ? ToPlan(found.Value!) : null;
    }

    /// <summary>Records that <paramref name="step"/> completed; false when another invocation of the same step got there first.</summary>
    public async Task<bool> TryCompleteStepAsync(string campaignId, PlanCursor before, int step, string? afterKey, int nextBatch, bool done, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.DeliveryLedger);
        var plan = new TableEntity(campaignId, PlanRow) { ["CompletedStep"] = step, ["AfterKey"] = afterKey, ["NextBatch"] = nextBatch, ["Done"] = done };
        return (await table.TryUpdateAsync(plan, before.ETag, TableUpdateMode.Replace, cancellationToken)).Written;
    }

    /// <summary>Records why planning keeps failing (kept on the plan row, shown with the campaign's problems).</summary>
    public async Task RecordPlanErrorAsync(string campaignId, string error, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.DeliveryLedger);
        await table.UpsertEntityAsync(new TableEntity(campaignId, PlanRow) { ["Error"] = error.Length > 2000 ? error[..2000] : error }, TableUpdateMode.Merge, cancellationToken);
    }

    // ---- batches ----

    /// <summary>Writes a planned batch; false when batch <paramref name="number"/> exists already (the first one written stays).</summary>
    public async Task<bool> TryAddBatchAsync(string campaignId, int number, BatchManifest manifest, DateTimeOffset plannedAt, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.DeliveryLedger);
        var entity = new TableEntity(campaignId, BatchKey(number))
        {
            ["Status"] = BatchStatus.Planned,
            ["Recipients"] = manifest.Recipients.Count,
            ["FirstKey"] = manifest.FirstKey,
            ["LastKey"] = manifest.LastKey,
            ["PlannedAt"] = plannedAt,
            ["Attempts"] = 0,
        };
        var encoded = manifest.Encode();
        var chunks = encoded.Chunk(ManifestChunkBytes).ToList();
        entity["ManifestChunks"] = chunks.Count;
        for (var i = 0; i < chunks.Count; i++) entity[$"Manifest{i}"] = chunks[i];
        return await table.TryAddAsync(entity, cancellationToken) == WriteOutcome.Written;
    }

    public async Task<BatchRecord?> FindBatchAsync(string campaignId, int number, bool withManifest, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.DeliveryLedger);
        var found = withManifest
            ? await table.GetEntityIfExistsAsync<TableEntity>(campaignId, BatchKey(number), cancellationToken: cancellationToken)
            : await table.GetEntityIfExistsAsync<TableEntity>(campaignId, BatchKey(number), SummaryColumns, cancellationToken);
        return found.HasValue ? ToBatch(found.Value!, withManifest) : null;
    }

    /// <summary>Every batch of a campaign, without manifests, in batch order.</summary>
    public async IAsyncEnumerable<BatchRecord> ListBatchesAsync(string campaignId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.DeliveryLedger);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {campaignId} and RowKey ge {BatchPrefix} and RowKey lt {"c"}");
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, 1000, SummaryColumns, cancellationToken))
            yield return ToBatch(entity, withManifest: false);
    }

    /// <summary>Writes a batch's new status and counts if nobody changed the row since it was read; false otherwise.</summary>
    public async Task<bool> TryUpdateAsync(BatchRecord batch, CancellationToken cancellationToken = default) =>
        await TryTransitionAsync(batch, cancellationToken) is not null;

    /// <summary>Like <see cref="TryUpdateAsync"/> but returns the row with its new ETag, or null when someone changed it meanwhile.</summary>
    public async Task<BatchRecord?> TryTransitionAsync(BatchRecord batch, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.DeliveryLedger);
        var write = await table.TryUpdateAsync(ToStatusEntity(batch), batch.ETag, TableUpdateMode.Merge, cancellationToken);
        return write.Written ? batch with { ETag = write.ETag } : null;
    }

    /// <summary>One row per recipient whose mail was refused, with the reason (100 per transaction).</summary>
    public async Task RecordFailuresAsync(string campaignId, int batch, IEnumerable<PlannedRecipient> recipients, string error, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.DeliveryLedger);
        var reason = error.Length > 2000 ? error[..2000] : error;
        foreach (var chunk in recipients.Chunk(100))
        {
            await table.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                new TableEntity(campaignId, FailurePrefix + r.ContactKey) { ["Email"] = r.Email, ["Batch"] = batch, ["Error"] = reason, ["At"] = at })), cancellationToken);
        }
    }

    /// <summary>The recipients whose mail was refused (e-mail and reason).</summary>
    public async Task<IReadOnlyList<(string Email, string Error)>> ListFailuresAsync(string campaignId, int max, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.DeliveryLedger);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {campaignId} and RowKey ge {FailurePrefix} and RowKey lt {"f."}");
        var failures = new List<(string, string)>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter, 1000, ["Email", "Error"], cancellationToken))
        {
            failures.Add((e.GetString("Email") ?? "", e.GetString("Error") ?? ""));
            if (failures.Count >= max) break;
        }

        return failures;
    }

    private static TableEntity ToStatusEntity(BatchRecord b) => new(b.CampaignId, BatchKey(b.Number))
    {
        ["Status"] = b.Status,
        ["Attempts"] = b.Attempts,
        ["LastError"] = b.LastError is { Length: > 4000 } error ? error[..4000] : b.LastError,
        ["NextAttemptAt"] = b.NextAttemptAt,
        ["SendingSince"] = b.SendingSince,
        ["Sent"] = b.Sent,
        ["Suppressed"] = b.Suppressed,
        ["Failed"] = b.Failed,
        ["CompletedAt"] = b.CompletedAt,
        ["MessageId"] = b.MessageId,
    };

    private static PlanCursor ToPlan(TableEntity e) =>
        new(e.GetInt32("CompletedStep") ?? 0, e.GetString("AfterKey"), e.GetInt32("NextBatch") ?? 1, e.GetBoolean("Done") ?? false, e.ETag)
        {
            UpdatedAt = e.Timestamp,
            Error = e.GetString("Error"),
        };

    private static BatchRecord ToBatch(TableEntity e, bool withManifest) => new()
    {
        CampaignId = e.PartitionKey,
        Number = int.Parse(e.RowKey.AsSpan(BatchPrefix.Length), System.Globalization.CultureInfo.InvariantCulture),
        Status = e.GetString("Status") ?? BatchStatus.Planned,
        Recipients = e.GetInt32("Recipients") ?? 0,
        FirstKey = e.GetString("FirstKey") ?? "",
        LastKey = e.GetString("LastKey") ?? "",
        PlannedAt = e.GetDateTimeOffset("PlannedAt") ?? default,
        Attempts = e.GetInt32("Attempts") ?? 0,
        LastError = e.GetString("LastError"),
        NextAttemptAt = e.GetDateTimeOffset("NextAttemptAt"),
        SendingSince = e.GetDateTimeOffset("SendingSince"),
        Sent = e.GetInt32("Sent") ?? 0,
        Suppressed = e.GetInt32("Suppressed") ?? 0,
        Failed = e.GetInt32("Failed") ?? 0,
        CompletedAt = e.GetDateTimeOffset("CompletedAt"),
        MessageId = e.GetString("MessageId"),
        Manifest = withManifest ? ReadManifest(e) : null,
        ETag = e.ETag,
    };

    private static BatchManifest ReadManifest(TableEntity e)
    {
        var chunks = e.GetInt32("ManifestChunks") ?? 0;
        if (chunks == 0) return BatchManifest.Empty; // its only recipient was erased
        using var bytes = new MemoryStream();
        for (var i = 0; i < chunks; i++) bytes.Write(e.GetBinary($"Manifest{i}"));
        return BatchManifest.Decode(bytes.ToArray());
    }
}
