using System.Diagnostics;
using System.Globalization;

namespace Outreach.Benchmarks.Campaigns;

/// <summary>What one run measured; printed by the child process as one JSON line and summarised by the parent.</summary>
public sealed record DeliveryRunResult
{
    public required string Kind { get; init; }
    public required int Size { get; init; }
    public double WallSeconds { get; init; }
    public double UntilSentStateSeconds { get; init; }
    public double FloorSeconds { get; init; }
    public double FloorBeforeSeconds { get; init; }
    public double FloorAfterSeconds { get; init; }
    public int Requests { get; init; }
    public long Personalizations { get; init; }
    public long DuplicateCopies { get; init; }
    public int DistinctRecipients { get; init; }
    public int Planned { get; init; }
    public int Sent { get; init; }
    public string State { get; init; } = "";
    public long PeakWorkingSetBytes { get; init; }
    public long PeakWorkingSetDuringSendBytes { get; init; }

    /// <summary>The largest managed heap the GC had committed during the send.</summary>
    public long PeakManagedCommittedDuringSendBytes { get; init; }

    /// <summary>The kernel's peak resident set between just before the send and its end (reset before it), 0 when unknown.</summary>
    public long ExactPeakDuringSendBytes { get; init; }

    /// <summary>What the allocation sampling saw during the send, largest first.</summary>
    public IReadOnlyList<AllocationShare> AllocationsDuringSend { get; init; } = [];

    /// <summary>Where the memory was at the peak during the send, and the most threads the process had then.</summary>
    public MemoryBreakdown? MemoryAtPeak { get; init; }
    public int PeakThreadsDuringSend { get; init; }

    /// <summary>Where the memory was once the DevHost had started, before any data.</summary>
    public MemoryBreakdown? MemoryAtRest { get; init; }

    /// <summary>The working set once the DevHost and the fake SendGrid have started, before any data.</summary>
    public long WorkingSetAtRestBytes { get; init; }
    public long AzuritePeakRssBytes { get; init; }
    public double SeedSeconds { get; init; }

    /// <summary>CPU seconds Azurite spent during the floor (first measurement) and during the send.</summary>
    public double AzuriteCpuFloorSeconds { get; init; }
    public double AzuriteCpuSendSeconds { get; init; }

    /// <summary>CPU seconds this process (DevHost + fake SendGrid) spent during the send.</summary>
    public double OwnCpuSendSeconds { get; init; }
    public double OwnCpuFloorSeconds { get; init; }
    public double GcPauseSendSeconds { get; init; }
    public int Gen2CollectionsDuringSend { get; init; }
    public long AllocatedDuringSendBytes { get; init; }

    /// <summary>CPU seconds the fake SendGrid (its own process) spent during the send.</summary>
    public double SendGridCpuSendSeconds { get; init; }

    /// <summary>Request body bytes the fake SendGrid received.</summary>
    public long SendGridBodyBytes { get; init; }

    /// <summary>Storage requests Outreach made during the send, by service and kind (<see cref="Outreach.Core.Storage.StorageOperations"/>).</summary>
    public IReadOnlyDictionary<string, long> StorageOperations { get; init; } = new Dictionary<string, long>();

    /// <summary>The peak working set after seeding and before the send.</summary>
    public long PeakWorkingSetBeforeSendBytes { get; init; }

    /// <summary>Workstation or Server, concurrent or not, and the GC settings the run was given.</summary>
    public string GcMode { get; init; } = "";

    /// <summary>A name for the settings the run was given (e.g. <c>default</c>, <c>server</c>).</summary>
    public string Variant { get; init; } = "default";

    public AudienceListingTiming? AudienceListing { get; init; }

    /// <summary>What SendGrid's schema found wrong in the first request body (empty when it validates).</summary>
    public IReadOnlyList<string> SchemaProblems { get; init; } = [];

    public string LoadAverageBefore { get; init; } = "";
    public string LoadAverageAfter { get; init; } = "";

    /// <summary>The exact peak during the send where the kernel could be asked, else the sampled one.</summary>
    public long PeakDuringSendBytes => ExactPeakDuringSendBytes > 0 ? ExactPeakDuringSendBytes : PeakWorkingSetDuringSendBytes;

    public double RecipientsPerSecond => WallSeconds > 0 ? Size / WallSeconds : 0;
    public double OwnCpuMicrosecondsPerRecipient => Size > 0 ? OwnCpuSendSeconds * 1e6 / Size : 0;
    public double AllocatedBytesPerRecipient => Size > 0 ? (double)AllocatedDuringSendBytes / Size : 0;
    public double StorageOperationsPer1000Recipients => Size > 0 ? StorageOperations.Values.Sum() * 1000d / Size : 0;
    public double SendGridBytesPerRecipient => Size > 0 ? (double)SendGridBodyBytes / Size : 0;
    public double PersonalizationsPerRequest => Requests > 0 ? (double)Personalizations / Requests : 0;
    public double PipelineOverFloor => FloorSeconds > 0 ? WallSeconds / FloorSeconds : 0;

    /// <summary>
    /// The same ratio in CPU seconds (Azurite + this process) instead of wall time: what the send costs the machine
    /// compared with paging alone, whatever else the machine was doing. Only the floor measured before the send is in CPU.
    /// </summary>
    public double CpuOverFloor => AzuriteCpuFloorSeconds + OwnCpuFloorSeconds > 0
        ? (AzuriteCpuSendSeconds + OwnCpuSendSeconds) / (AzuriteCpuFloorSeconds + OwnCpuFloorSeconds)
        : 0;
}

/// <summary><c>GET /api/admin/audiences</c> timed at one size, and the full recount it replaced.</summary>
public sealed record AudienceListingTiming(int Calls, double MedianMilliseconds, double MaxMilliseconds, double RecountSeconds, int Confirmed);

/// <summary>
/// Where a working set is, read at one instant: resident anonymous memory (the GC heap, native allocations, thread
/// stacks) and resident file-backed pages (mapped assemblies and native libraries) from <c>/proc/self/status</c>; what
/// the GC had committed, its heap and its fragmentation; threads; JIT-compiled IL so far.
/// </summary>
public sealed record MemoryBreakdown(
    long WorkingSetBytes, long RssAnonBytes, long RssFileBytes, long GcCommittedBytes, long GcHeapBytes, long GcFragmentedBytes,
    long LohBytes, int Threads, long JitIlBytes)
{
    public static MemoryBreakdown Now(Process process)
    {
        var status = File.Exists("/proc/self/status") ? File.ReadAllLines("/proc/self/status") : [];
        long Kilobytes(string field) => status.FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal)) is { } line
            ? long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024
            : 0;
        var gc = GC.GetGCMemoryInfo();
        var loh = gc.GenerationInfo.Length > 3 ? gc.GenerationInfo[3].SizeAfterBytes : 0;
        return new MemoryBreakdown(process.WorkingSet64, Kilobytes("RssAnon"), Kilobytes("RssFile") + Kilobytes("RssShmem"), gc.TotalCommittedBytes,
            gc.HeapSizeBytes, gc.FragmentedBytes, loh, process.Threads.Count, System.Runtime.JitInfo.GetCompiledILBytes());
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"working set {Machine.Megabytes(WorkingSetBytes)} = anonymous {Machine.Megabytes(RssAnonBytes)} + file-backed {Machine.Megabytes(RssFileBytes)}; GC committed {Machine.Megabytes(GcCommittedBytes)} (heap {Machine.Megabytes(GcHeapBytes)}, fragmented {Machine.Megabytes(GcFragmentedBytes)}, LOH {Machine.Megabytes(LohBytes)}); so outside the GC heap {Machine.Megabytes(RssAnonBytes - GcCommittedBytes)} anonymous; {Threads} threads; {JitIlBytes / 1024} KB of IL jitted");
}

/// <summary>Samples this process's working set while something runs, and where it was at its peak.</summary>
public sealed class WorkingSetSampler : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task sampling;
    private long peak;
    private long peakManaged;
    private int peakThreads;

    public WorkingSetSampler() => sampling = SampleAsync();

    public long Peak => Interlocked.Read(ref peak);

    /// <summary>The largest memory the GC had committed for the managed heap while sampling.</summary>
    public long PeakManagedCommitted => Interlocked.Read(ref peakManaged);

    /// <summary>The most threads the process had while sampling.</summary>
    public int PeakThreads => Volatile.Read(ref peakThreads);

    /// <summary>Where the memory was at the sample with the largest working set.</summary>
    public MemoryBreakdown? AtPeak { get; private set; }

    private async Task SampleAsync()
    {
        using var process = Process.GetCurrentProcess();
        while (!stop.IsCancellationRequested)
        {
            process.Refresh();
            var current = process.WorkingSet64;
            if (current > Interlocked.Read(ref peak))
            {
                Interlocked.Exchange(ref peak, current);
                AtPeak = MemoryBreakdown.Now(process);
            }

            var committed = GC.GetGCMemoryInfo().TotalCommittedBytes;
            if (committed > Interlocked.Read(ref peakManaged)) Interlocked.Exchange(ref peakManaged, committed);
            var threads = process.Threads.Count;
            if (threads > peakThreads) Volatile.Write(ref peakThreads, threads);
            try
            {
                await Task.Delay(50, stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await sampling;
        stop.Dispose();
    }
}

public static class Machine
{
    /// <summary>A process and all its descendants (Azurite runs under a small bash watchdog).</summary>
    public static IReadOnlyList<int> Tree(int processId)
    {
        var tree = new List<int> { processId };
        for (var i = 0; i < tree.Count; i++)
        {
            foreach (var task in Directory.Exists($"/proc/{tree[i]}/task") ? Directory.GetDirectories($"/proc/{tree[i]}/task") : [])
            {
                var children = Path.Combine(task, "children");
                if (!File.Exists(children)) continue;
                tree.AddRange(File.ReadAllText(children).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(c => int.Parse(c, CultureInfo.InvariantCulture)));
            }
        }

        return tree;
    }

    /// <summary>The largest peak resident set in a process tree (Linux: VmHWM), 0 when unknown.</summary>
    public static long PeakRssOfTree(int processId) => Tree(processId).Select(PeakRssBytes).DefaultIfEmpty().Max();

    /// <summary>CPU time used so far by a process tree.</summary>
    public static TimeSpan CpuTimeOfTree(int processId) => Tree(processId).Aggregate(TimeSpan.Zero, (sum, pid) => sum + CpuTime(pid));

    /// <summary>The peak resident set of another process (Linux: VmHWM in /proc/PID/status), 0 when unknown.</summary>
    public static long PeakRssBytes(int processId)
    {
        try
        {
            var line = File.ReadLines($"/proc/{processId}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>CPU time (user + system) another process has used so far (Linux /proc/PID/stat), zero when unknown.</summary>
    public static TimeSpan CpuTime(int processId)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{processId}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / 100d); // USER_HZ
        }
        catch (IOException)
        {
            return TimeSpan.Zero;
        }
    }

    /// <summary>The GC flavour, the runtime variables a variant set, then the runtimeconfig.json values they override.</summary>
    public static string GcMode()
    {
        var flavour = (System.Runtime.GCSettings.IsServerGC ? "Server" : "Workstation")
            + (System.Runtime.GCSettings.LatencyMode == System.Runtime.GCLatencyMode.Batch ? "" : " concurrent");
        var variables = new[] { "DOTNET_gcServer", "DOTNET_gcConcurrent", "DOTNET_GCConserveMemory", "DOTNET_GCHeapHardLimit", "DOTNET_GCgen0size", "DOTNET_GCDynamicAdaptationMode", "MALLOC_ARENA_MAX", "DOTNET_TieredCompilation", "DOTNET_GCLOHThreshold", "DOTNET_TieredPGO" }
            .Where(v => Environment.GetEnvironmentVariable(v) is not null).Select(v => $"{v}={Environment.GetEnvironmentVariable(v)}");
        var runtimeConfig = $"(runtimeconfig: System.GC.LOHThreshold={AppContext.GetData("System.GC.LOHThreshold") ?? "unset"}, System.Runtime.TieredPGO={AppContext.GetData("System.Runtime.TieredPGO") ?? "unset"})";
        return string.Join(" ", [flavour, .. variables, runtimeConfig]);
    }

    /// <summary>
    /// Resets the kernel's peak resident set of this process (Linux: <c>echo 5 &gt; /proc/self/clear_refs</c>), so the
    /// next <see cref="Process.PeakWorkingSet64"/> is the exact peak since now, with no sampling gap. False when unsupported.
    /// </summary>
    public static bool ResetPeakWorkingSet()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";

    public static string Describe() =>
        $"{Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}, load average {LoadAverage()}";

    public static string Megabytes(long bytes) => (bytes / 1024d / 1024d).ToString("0", CultureInfo.InvariantCulture) + " MB";
}

/// <summary>
/// The runtime's allocation sampling (the GC's AllocationTick event, about one per 100 KB allocated, with the type of the
/// object that crossed the mark and the heap it went to), listened to in-process: which types fill the small object
/// heap and which the large object heap, while something runs.
/// </summary>
public sealed class AllocationSampler : System.Diagnostics.Tracing.EventListener
{
    private const int AllocationTickEvent = 10;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Heap, string Type), long> sampled = new();
    private volatile bool listening = true;

    protected override void OnEventSourceCreated(System.Diagnostics.Tracing.EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
            EnableEvents(source, System.Diagnostics.Tracing.EventLevel.Verbose, (System.Diagnostics.Tracing.EventKeywords)0x1); // GC
    }

    protected override void OnEventWritten(System.Diagnostics.Tracing.EventWrittenEventArgs e)
    {
        if (!listening || e.EventId != AllocationTickEvent || e.Payload is null || e.PayloadNames is null) return;
        var kind = e.PayloadNames.IndexOf("AllocationKind") is var k and >= 0 ? Convert.ToInt32(e.Payload[k], CultureInfo.InvariantCulture) : 0;
        var amount = e.PayloadNames.IndexOf("AllocationAmount64") is var a and >= 0 ? Convert.ToInt64(e.Payload[a], CultureInfo.InvariantCulture) : 0;
        var type = e.PayloadNames.IndexOf("TypeName") is var t and >= 0 ? e.Payload[t] as string ?? "?" : "?";
        var heap = kind switch { 1 => "LOH", 2 => "POH", _ => "SOH" };
        sampled.AddOrUpdate((heap, type), amount, (_, sum) => sum + amount);
    }

    /// <summary>The sampled bytes by heap and type, largest first: each tick stands for the ~100 KB allocated since the last one.</summary>
    public IReadOnlyList<AllocationShare> Stop(int top)
    {
        listening = false;
        var total = Math.Max(1, sampled.Values.Sum());
        return sampled.OrderByDescending(s => s.Value).Take(top)
            .Select(s => new AllocationShare(s.Key.Heap, s.Key.Type, s.Value, (double)s.Value / total)).ToList();
    }
}

/// <summary>One line of <see cref="AllocationSampler"/>'s summary.</summary>
public sealed record AllocationShare(string Heap, string Type, long Bytes, double Share)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Heap} {Type} {Machine.Megabytes(Bytes)} ({Share:P0})");
}
