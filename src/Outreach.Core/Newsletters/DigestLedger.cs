using Azure;
using Azure.Data.Tables;
using Outreach.Core.Common.Storage;

namespace Outreach.Core.Newsletters;

public enum DigestClaim
{
    /// <summary>This caller owns the period and must send (or record that nothing was new).</summary>
    Claimed,

    /// <summary>The period's digest was sent, or found empty, already.</summary>
    AlreadyDone,

    /// <summary>Another caller is working on it right now.</summary>
    InProgress,
}

public static class DigestState
{
    public const string Claimed = "claimed";
    public const string Sent = "sent";
    public const string Empty = "empty";

    /// <summary>The engine refused the campaign (e.g. a digest template without the unsubscribe link); not retried, logged.</summary>
    public const string Failed = "failed";

    /// <summary>The team skipped the period: nothing is sent for it, its articles wait for the next one.</summary>
    public const string Skipped = "skipped";

    /// <summary>Not a ledger state: the period waits for a publisher's approval (its review row).</summary>
    public const string Held = "held";

    /// <summary>Not a ledger state: a held period a publisher approved; it goes at the next wake-up.</summary>
    public const string Approved = "approved";

    /// <summary>Not a ledger state: a period nothing has happened to yet; it goes at its time.</summary>
    public const string Scheduled = "scheduled";
}

/// <summary>
/// One row per audience and period (PartitionKey = audience, RowKey = period key), created by a conditional insert:
/// the idempotency key that makes a second timer, a second host or a restart find the period taken.
/// A cursor row per audience remembers up to when the last digest covered articles.
/// </summary>
public sealed class DigestLedger(StorageAccount storage, TimeProvider clock)
{
    public const string CursorRow = "~cursor";

    /// <summary>A claim older than this with no outcome is taken to be from a crashed run, and may be claimed again.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(15);

    public async Task<DigestClaim> TryClaimAsync(string audienceId, DigestPeriod period, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Digests);
        var now = clock.GetUtcNow();
        var row = new TableEntity(audienceId, period.Key) { ["State"] = DigestState.Claimed, ["ClaimedAt"] = now, ["DueAt"] = period.DueAt };
        if (await table.TryAddAsync(row, cancellationToken) == WriteOutcome.Written) return DigestClaim.Claimed;

        var existing = (await table.GetEntityAsync<TableEntity>(audienceId, period.Key, cancellationToken: cancellationToken)).Value;
        if (existing.GetString("State") != DigestState.Claimed) return DigestClaim.AlreadyDone;
        if (now - (existing.GetDateTimeOffset("ClaimedAt") ?? now) < StaleAfter) return DigestClaim.InProgress;
        return await TryReclaimAsync(table, existing, row, cancellationToken);
    }

    public async Task CompleteAsync(string audienceId, DigestPeriod period, string state, int articles, DateTimeOffset coveredUpTo, string? campaignId, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Digests);
        await table.UpsertEntityAsync(new TableEntity(audienceId, period.Key)
        {
            ["State"] = state,
            ["DueAt"] = period.DueAt,
            ["CompletedAt"] = clock.GetUtcNow(),
            ["Articles"] = articles,
            ["CoveredUpTo"] = coveredUpTo,
            ["CampaignId"] = campaignId,
        }, TableUpdateMode.Replace, cancellationToken);
        await AdvanceCursorAsync(table, audienceId, coveredUpTo, cancellationToken);
    }

    /// <summary>Records a refusal; the cursor stays, so the next period's digest still covers these articles.</summary>
    public async Task FailAsync(string audienceId, DigestPeriod period, string reason, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Digests);
        await table.UpsertEntityAsync(new TableEntity(audienceId, period.Key)
        {
            ["State"] = DigestState.Failed,
            ["DueAt"] = period.DueAt,
            ["CompletedAt"] = clock.GetUtcNow(),
            ["Reason"] = reason.Length > 2000 ? reason[..2000] : reason,
        }, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>
    /// From when a period's digest takes articles: up to where the previous digest covered them, or, before the first
    /// one, from the previous period's due time (further back past periods the team skipped: their articles wait).
    /// </summary>
    public async Task<DateTimeOffset> CoversFromAsync(DigestSchedule schedule, DigestPeriod period, TimeZoneInfo zone, CancellationToken cancellationToken = default)
    {
        if (await CoveredUpToAsync(schedule.Audience, cancellationToken) is { } covered) return covered;
        var previous = DigestCalendar.Previous(schedule, period, zone);
        for (var step = 0; step < 30 && (await FindAsync(schedule.Audience, previous.Key, cancellationToken))?.State == DigestState.Skipped; step++)
            previous = DigestCalendar.Previous(schedule, previous, zone);
        return previous.DueAt;
    }

    /// <summary>Up to when the audience's previous digest covered articles; null before the first one.</summary>
    public async Task<DateTimeOffset?> CoveredUpToAsync(string audienceId, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Digests);
        var cursor = await table.GetEntityIfExistsAsync<TableEntity>(audienceId, CursorRow, cancellationToken: cancellationToken);
        return cursor.HasValue ? cursor.Value!.GetDateTimeOffset("CoveredUpTo") : null;
    }

    /// <summary>The recorded outcome of one period, or null (for tests and the admin view).</summary>
    public async Task<(string State, int Articles, string? CampaignId)?> FindAsync(string audienceId, string periodKey, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Digests);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(audienceId, periodKey, cancellationToken: cancellationToken);
        if (!row.HasValue) return null;
        return (row.Value!.GetString("State") ?? "", row.Value.GetInt32("Articles") ?? 0, row.Value.GetString("CampaignId"));
    }

    /// <summary>Skips a period no one has claimed yet: false when it was claimed, sent or skipped already.</summary>
    public async Task<bool> TrySkipAsync(string audienceId, DigestPeriod period, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Digests);
        var row = new TableEntity(audienceId, period.Key) { ["State"] = DigestState.Skipped, ["DueAt"] = period.DueAt, ["CompletedAt"] = clock.GetUtcNow() };
        return await table.TryAddAsync(row, cancellationToken) == WriteOutcome.Written;
    }

    /// <summary>The review state of a period: held, approved, or null when it was never held.</summary>
    private async Task<string?> ReviewOfAsync(string audienceId, DigestPeriod period, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Digests);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(audienceId, ReviewRow(period), cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.GetString("State") : null;
    }

    /// <summary>
    /// Whether a period waits for review: <see cref="DigestState.Held"/> or <see cref="DigestState.Approved"/> as a
    /// publisher said, else held when the audience's digests all wait for review, else null.
    /// </summary>
    public async Task<string?> ReviewStateAsync(DigestSchedule schedule, DigestPeriod period, CancellationToken cancellationToken = default) =>
        await ReviewOfAsync(schedule.Audience, period, cancellationToken) ?? (schedule.ReviewBeforeSend ? DigestState.Held : null);

    /// <summary>Holds a period for review, or approves it (the last word wins).</summary>
    public async Task SetReviewAsync(string audienceId, DigestPeriod period, string state, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Digests);
        await table.UpsertEntityAsync(new TableEntity(audienceId, ReviewRow(period)) { ["State"] = state, ["At"] = clock.GetUtcNow() }, TableUpdateMode.Replace, cancellationToken);
    }

    private static string ReviewRow(DigestPeriod period) => "~review-" + period.Key;

    private static async Task<DigestClaim> TryReclaimAsync(TableClient table, TableEntity existing, TableEntity row, CancellationToken cancellationToken) =>
        (await table.TryUpdateAsync(row, existing.ETag, TableUpdateMode.Replace, cancellationToken)).Written ? DigestClaim.Claimed : DigestClaim.InProgress;

    private static async Task AdvanceCursorAsync(TableClient table, string audienceId, DateTimeOffset coveredUpTo, CancellationToken cancellationToken)
    {
        var cursor = await table.GetEntityIfExistsAsync<TableEntity>(audienceId, CursorRow, cancellationToken: cancellationToken);
        if (cursor.HasValue && cursor.Value!.GetDateTimeOffset("CoveredUpTo") >= coveredUpTo) return;
        await table.UpsertEntityAsync(new TableEntity(audienceId, CursorRow) { ["CoveredUpTo"] = coveredUpTo }, TableUpdateMode.Replace, cancellationToken);
    }
}
