using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Outreach.Core.Campaigns.Pipeline;
using Outreach.Core.Subscriptions;

namespace Outreach.Benchmarks.Campaigns;

/// <summary>
/// A SIMULATION of planning past one partition (issue 16, item 5; the design is in docs/performance.md). Table Storage
/// serves about 2,000 entities/s per partition and 20,000 per account; Azurite has no such limits (it is one JavaScript
/// thread for everything), so the storage here is modelled: each audience is split into S shard partitions by a hash of
/// the contact key, and reading a page costs a round trip plus its entities at the modelled per-partition rate, under
/// the modelled per-account rate. What is real is our planner's own work: the k-way merge of the audiences
/// (<see cref="RecipientMerge"/>, dropping an address met in several), batches of ≤1000 and their manifests encoded
/// (<see cref="BatchManifest"/>). One planner per shard, all running at once, like plan-step messages per shard would.
/// It checks that every recipient of the union is planned exactly once and that no batch exceeds 1000. Usage:
/// <code>
/// dotnet run -c Release --project tests/Outreach.Benchmarks -- shards [--recipients 100000] [--shards 1,2,4,8,16,32]
///     [--partition-rate 2000] [--account-rate 20000] [--latency-ms 10]
/// </code>
/// </summary>
public static class ShardedPlanningSimulation
{
    public const string Verb = "shards";
    private const int PageSize = 1000;
    private const int BatchSize = 1000;

    public static async Task<int> MainAsync(string[] args)
    {
        var options = Options.Parse(args);
        Console.WriteLine($"Sharded planning SIMULATION — {DateTimeOffset.Now:yyyy-MM-dd HH:mm zzz}; {Machine.Describe()}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Modelled storage: {options.PartitionRate:N0} entities/s per partition, {options.AccountRate:N0} per account, {options.LatencyMs} ms per page round trip. Real: the merge, the batches and their manifests."));
        var (audiences, union) = Audiences(options.Recipients);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Two audiences: {audiences[0].Count:N0} and {audiences[1].Count:N0} confirmed members, {union:N0} distinct recipients (the campaign goes to both)."));
        Console.WriteLine();
        Console.WriteLine("| shards | planned | wall (modelled storage) | recipients/s | entities read/s | × one partition | batches | largest batch | duplicates | time for 1,000,000 at this rate |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        double? single = null;
        var failed = false;
        foreach (var shards in options.Shards)
        {
            var run = await RunAsync(audiences, shards, options);
            single ??= run.RecipientsPerSecond;
            var ok = run.Planned == union && run.Duplicates == 0 && run.LargestBatch <= BatchSize;
            failed |= !ok;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {shards} | {run.Planned:N0}{(ok ? "" : " (WRONG)")} | {run.Wall.TotalSeconds:0.0} s | {run.RecipientsPerSecond:N0} | {run.EntitiesPerSecond:N0} | {run.RecipientsPerSecond / single.Value:0.0} | {run.Batches:N0} | {run.LargestBatch:N0} | {run.Duplicates} | {TimeSpan.FromSeconds(1_000_000 / run.RecipientsPerSecond):m\\:ss} |"));
        }

        return failed ? 1 : 0;
    }

    /// <summary>The shard of a contact: its key is hexadecimal SHA-256, so its first 8 digits are uniform. The same in every audience.</summary>
    public static int ShardOf(string contactKey, int shards) =>
        (int)(uint.Parse(contactKey.AsSpan(0, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture) % (uint)shards);

    private static async Task<Run> RunAsync(IReadOnlyList<IReadOnlyList<MemberAddress>> audiences, int shards, Options options)
    {
        var account = new ModelledRate(options.AccountRate);
        // Each audience's members split into its shard partitions, each sorted by contact key (a partition's RowKey order).
        var partitions = audiences.Select(members => members.GroupBy(m => ShardOf(m.ContactKey, shards))
            .ToDictionary(g => g.Key, g => new ModelledPartition(g.OrderBy(m => m.ContactKey, StringComparer.Ordinal).ToList(), new ModelledRate(options.PartitionRate), account, options.LatencyMs)))
            .ToList();
        var planned = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        var duplicates = 0;
        var batches = 0;
        var largest = 0;
        var entities = 0L;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, shards).Select(shard => Task.Run(async () =>
        {
            // One planner per shard: the real merge over this shard's partition of every audience of the campaign.
            AudiencePages pages = (audienceId, afterKey, token) =>
                partitions[int.Parse(audienceId, CultureInfo.InvariantCulture)].TryGetValue(shard, out var partition)
                    ? partition.PagesAsync(afterKey, token)
                    : AsyncEnumerable.Empty<IReadOnlyList<MemberAddress>>();
            await using var merge = new RecipientMerge(["0", "1"], pages, null, CancellationToken.None);
            while (true)
            {
                var members = await merge.TakeAsync(BatchSize);
                if (members.Count == 0) break;
                var manifest = new BatchManifest(members);
                _ = manifest.Encode(); // what the ledger row would carry
                await account.TakeAsync(1); // the batch's ledger row (its shard's own partition of the campaign's ledger)
                Interlocked.Increment(ref batches);
                InterlockedMax(ref largest, members.Count);
                foreach (var member in members)
                {
                    if (!planned.TryAdd(member.ContactKey, 0)) Interlocked.Increment(ref duplicates);
                }

                if (members.Count < BatchSize) break;
            }
        })));
        var wall = clock.Elapsed;
        foreach (var partition in partitions.SelectMany(p => p.Values)) entities += partition.EntitiesRead;
        return new Run(planned.Count, duplicates, batches, largest, wall, planned.Count / wall.TotalSeconds, entities / wall.TotalSeconds);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    /// <summary>Audience 0: 90 % of the contacts; audience 1: a third, overlapping it. Returns them and the size of their union.</summary>
    private static (IReadOnlyList<IReadOnlyList<MemberAddress>> Audiences, int Union) Audiences(int contacts)
    {
        var first = new List<MemberAddress>();
        var second = new List<MemberAddress>();
        var union = 0;
        for (var i = 0; i < contacts; i++)
        {
            var email = $"lecteur.{i}@benchmark.example.org";
            var member = new MemberAddress(EmailAddress.KeyOf(email), email, $"Prénom{i}");
            var inFirst = i % 10 != 0;
            var inSecond = i % 3 == 0;
            if (inFirst) first.Add(member);
            if (inSecond) second.Add(member);
            if (inFirst || inSecond) union++;
        }

        return ([first, second], union);
    }

    private sealed record Run(int Planned, int Duplicates, int Batches, int LargestBatch, TimeSpan Wall, double RecipientsPerSecond, double EntitiesPerSecond);

    /// <summary>
    /// A modelled throughput limit: entities are granted in order at <paramref name="perSecond"/>; a caller waits until
    /// its entities' turn has come (a token bucket without burst).
    /// </summary>
    private sealed class ModelledRate(double perSecond)
    {
        private readonly Stopwatch clock = Stopwatch.StartNew();
        private readonly Lock gate = new();
        private double nextFree;

        /// <summary>Reserves <paramref name="entities"/> and returns when they would have been served.</summary>
        public Task TakeAsync(int entities) => WaitUntilAsync(Reserve(entities));

        public double Reserve(int entities)
        {
            lock (gate)
            {
                nextFree = Math.Max(nextFree, clock.Elapsed.TotalSeconds) + entities / perSecond;
                return nextFree;
            }
        }

        public async Task WaitUntilAsync(double at)
        {
            var wait = at - clock.Elapsed.TotalSeconds;
            if (wait > 0.001) await Task.Delay(TimeSpan.FromSeconds(wait));
        }
    }

    /// <summary>One shard partition of one audience, read 1000 at a time after a key, at its modelled rate and under the account's.</summary>
    private sealed class ModelledPartition(List<MemberAddress> sorted, ModelledRate rate, ModelledRate account, int latencyMs)
    {
        private long entitiesRead;

        public long EntitiesRead => Interlocked.Read(ref entitiesRead);

        public async IAsyncEnumerable<IReadOnlyList<MemberAddress>> PagesAsync(string? afterKey, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var start = afterKey is null ? 0 : FirstAfter(afterKey);
            for (var i = start; i < sorted.Count; i += PageSize)
            {
                var page = sorted.GetRange(i, Math.Min(PageSize, sorted.Count - i));
                await Task.Delay(latencyMs, cancellationToken);
                // Both limits apply: the page is served when the partition and the account have both got to it.
                var ready = Math.Max(rate.Reserve(page.Count), account.Reserve(page.Count));
                await rate.WaitUntilAsync(ready);
                Interlocked.Add(ref entitiesRead, page.Count);
                yield return page;
            }
        }

        private int FirstAfter(string key)
        {
            var low = 0;
            var high = sorted.Count;
            while (low < high)
            {
                var middle = (low + high) / 2;
                if (string.CompareOrdinal(sorted[middle].ContactKey, key) <= 0) low = middle + 1;
                else high = middle;
            }

            return low;
        }
    }

    private sealed record Options(int Recipients, IReadOnlyList<int> Shards, double PartitionRate, double AccountRate, int LatencyMs)
    {
        public static Options Parse(string[] args)
        {
            var options = new Options(100_000, [1, 2, 4, 8, 16, 32], 2_000, 20_000, 10);
            for (var i = 0; i < args.Length; i++)
            {
                options = args[i] switch
                {
                    "--recipients" => options with { Recipients = int.Parse(args[++i].Replace("_", ""), CultureInfo.InvariantCulture) },
                    "--shards" => options with { Shards = args[++i].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList() },
                    "--partition-rate" => options with { PartitionRate = double.Parse(args[++i], CultureInfo.InvariantCulture) },
                    "--account-rate" => options with { AccountRate = double.Parse(args[++i], CultureInfo.InvariantCulture) },
                    "--latency-ms" => options with { LatencyMs = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                    _ => throw new ArgumentException($"Unknown argument {args[i]}. Use --recipients, --shards 1,2,4, --partition-rate, --account-rate, --latency-ms."),
                };
            }

            return options;
        }
    }
}
