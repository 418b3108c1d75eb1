using Azure;
using Azure.Data.Tables;
using Outreach.Core.Common.Storage;
using Outreach.Core.Subscriptions;

namespace Outreach.Core.Audiences;

/// <summary>One membership row change inside a counted write: the table action and the status before and after (null: no row).</summary>
public sealed record MembershipChange(TableTransactionAction Action, string? From, string? To);

/// <summary>The counter shards of one audience as read: the totals and each shard's version.</summary>
public sealed record CounterSnapshot(AudienceCounts Totals, IReadOnlyList<ETag?> Versions)
{
    public bool SameVersionsAs(CounterSnapshot other) => Versions.SequenceEqual(other.Versions);
}

/// <summary>
/// Audience counts kept as counter rows inside each audience's own partition of the members table, so that a
/// membership change and the change of its count commit in one entity-group transaction: exact under any
/// concurrency, with nothing to repair after a crash. Writers contend on a row only when they pick the same shard
/// (random, retried on another one), so concurrent sign-ups to one list do not serialise on a single counter.
/// Reading the counts is <see cref="Shards"/> point reads per audience, whatever its size.
/// </summary>
public sealed class AudienceCounters(StorageAccount storage)
{
    public const int Shards = 8;

    /// <summary>Counter rows start with '~', which sorts after every contact key (hex): range queries over members never meet them.</summary>
    public const string RowPrefix = "~count-";

    /// <summary>The upper bound that keeps a query of a members partition off the counter rows.</summary>
    public const string FirstCounterRow = "~";

    private const int MaxAttempts = 40;

    public static bool IsCounterRow(string rowKey) => rowKey.StartsWith('~');

    public static string ShardRow(int shard) => RowPrefix + shard.ToString("D2", System.Globalization.CultureInfo.InvariantCulture);

    public async Task<AudienceCounts> ReadAsync(string audienceId, CancellationToken cancellationToken = default) =>
        (await SnapshotAsync(audienceId, cancellationToken)).Totals;

    public async Task<CounterSnapshot> SnapshotAsync(string audienceId, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Members);
        var shards = await Task.WhenAll(Enumerable.Range(0, Shards).Select(async i =>
        {
            var response = await table.GetEntityIfExistsAsync<TableEntity>(audienceId, ShardRow(i), cancellationToken: cancellationToken);
            return response.HasValue ? response.Value : null;
        }));
        var totals = new AudienceCounts(Sum(shards, MemberStatus.Pending), Sum(shards, MemberStatus.Confirmed), Sum(shards, MemberStatus.Unsubscribed));
        return new CounterSnapshot(totals, shards.Select(s => s is null ? (ETag?)null : s.ETag).ToList());
    }

    /// <summary>
    /// Commits <paramref name="changes"/> (rows of <paramref name="audienceId"/>, at most 99) together with their effect on
    /// the counts. A conflict on a membership row is the caller's (<see cref="TableTransactionFailedException"/> with its
    /// index); a conflict on the counter is retried on another shard.
    /// </summary>
    public Task CommitAsync(string audienceId, IReadOnlyList<MembershipChange> changes, CancellationToken cancellationToken = default) =>
        CommitAsync(audienceId, changes, Delta(changes), cancellationToken);

    /// <summary>Adds a correction to the counts (reconciliation), as one more counted change.</summary>
    public Task AddAsync(string audienceId, AudienceCounts correction, CancellationToken cancellationToken = default) =>
        CommitAsync(audienceId, [], new CountDelta(correction.Pending, correction.Confirmed, correction.Unsubscribed), cancellationToken);

    private async Task CommitAsync(string audienceId, IReadOnlyList<MembershipChange> changes, CountDelta delta, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableNames.Members);
        if (delta.IsZero)
        {
            if (changes.Count > 0) await table.SubmitTransactionAsync(changes.Select(c => c.Action), cancellationToken);
            return;
        }

        for (var attempt = 1; ; attempt++)
        {
            var shard = await ShardActionAsync(table, audienceId, Random.Shared.Next(Shards), delta, cancellationToken);
            try
            {
                await table.SubmitTransactionAsync(changes.Select(c => c.Action).Append(shard), cancellationToken);
                return;
            }
            catch (TableTransactionFailedException e) when (e.FailedTransactionActionIndex == changes.Count && e.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // Another writer moved this shard since it was read: take a fresh one, after a short jittered pause
                // so that a crowd of writers spreads out instead of colliding again at once.
                await Task.Delay(Random.Shared.Next(1, 5 * Math.Min(attempt, 10)), cancellationToken);
            }
        }
    }

    private static async Task<TableTransactionAction> ShardActionAsync(TableClient table, string audienceId, int shard, CountDelta delta, CancellationToken cancellationToken)
    {
        var row = ShardRow(shard);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(audienceId, row, cancellationToken: cancellationToken);
        var current = response.HasValue ? response.Value : null;
        var entity = new TableEntity(audienceId, row)
        {
            [MemberStatus.Pending] = Count(current, MemberStatus.Pending) + delta.Pending,
            [MemberStatus.Confirmed] = Count(current, MemberStatus.Confirmed) + delta.Confirmed,
            [MemberStatus.Unsubscribed] = Count(current, MemberStatus.Unsubscribed) + delta.Unsubscribed,
        };
        return current is null
            ? new TableTransactionAction(TableTransactionActionType.Add, entity)
            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, current.ETag);
    }

    private static CountDelta Delta(IEnumerable<MembershipChange> changes)
    {
        var delta = new CountDelta(0, 0, 0);
        foreach (var change in changes)
        {
            if (change.From == change.To) continue;
            delta = delta.Add(change.From, -1).Add(change.To, +1);
        }

        return delta;
    }

    private static long Count(TableEntity? shard, string status) => shard?.GetInt64(status) ?? 0;

    private static int Sum(IEnumerable<TableEntity?> shards, string status) => (int)shards.Sum(s => Count(s, status));

    private readonly record struct CountDelta(long Pending, long Confirmed, long Unsubscribed)
    {
        public bool IsZero => Pending == 0 && Confirmed == 0 && Unsubscribed == 0;

        public CountDelta Add(string? status, int by) => status switch
        {
            MemberStatus.Pending => this with { Pending = Pending + by },
            MemberStatus.Confirmed => this with { Confirmed = Confirmed + by },
            MemberStatus.Unsubscribed => this with { Unsubscribed = Unsubscribed + by },
            _ => this,
        };
    }
}
