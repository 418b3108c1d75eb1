using System.Globalization;

namespace Outreach.Benchmarks.Campaigns;

/// <summary>The summary tables, and the targets of the delivery and performance issues checked against them.</summary>
public static class DeliveryReport
{
    /// <summary>Figures of the code before the performance work (issue 16's table: one run, DevHost and fake SendGrid in one process).</summary>
    private const double EarlierPeakWorkingSet100kMegabytes = 332;
    private const double EarlierCpuSeconds10k = 1.9;
    private const double EarlierCpuSeconds100k = 10.1;

    public static void Print(IReadOnlyList<DeliveryRunResult> results)
    {
        Console.WriteLine();
        Console.WriteLine("| run | GC | recipients | wall | recipients/s | SendGrid requests | personalizations/request | floor | pipeline/floor | peak working set (whole run) | peak during the send | Azurite peak RSS | duplicates | state |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Kind} | {r.Variant} | {r.Size:N0} | {r.WallSeconds:0.00} s | {r.RecipientsPerSecond:N0} | {r.Requests:N0} | {r.PersonalizationsPerRequest:0.0} | {r.FloorSeconds:0.00} s | {(r.Kind == "pipeline" ? r.PipelineOverFloor.ToString("0.00", CultureInfo.InvariantCulture) : "-")} | {Machine.Megabytes(r.PeakWorkingSetBytes)} | {Machine.Megabytes(r.PeakDuringSendBytes)} | {Machine.Megabytes(r.AzuritePeakRssBytes)} | {r.DuplicateCopies} | {r.State} |"));
        }

        Console.WriteLine();
        Console.WriteLine("Our own cost per recipient (Outreach's process only: the fake SendGrid runs in its own):");
        Console.WriteLine();
        Console.WriteLine("| run | GC | recipients | Outreach CPU µs/recipient | allocated bytes/recipient | storage operations per 1,000 recipients | SendGrid bytes/recipient | fake SendGrid CPU | GET /api/admin/audiences (median, max) | the full recount it replaced |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            var listing = r.AudienceListing is { } l ? string.Create(CultureInfo.InvariantCulture, $"{l.MedianMilliseconds:0.0} ms, {l.MaxMilliseconds:0.0} ms") : "-";
            var recount = r.AudienceListing is { } c ? string.Create(CultureInfo.InvariantCulture, $"{c.RecountSeconds:0.00} s") : "-";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Kind} | {r.Variant} | {r.Size:N0} | {r.OwnCpuMicrosecondsPerRecipient:0.0} | {r.AllocatedBytesPerRecipient:N0} | {r.StorageOperationsPer1000Recipients:0.0} | {r.SendGridBytesPerRecipient:N0} | {r.SendGridCpuSendSeconds:0.0} s | {listing} | {recount} |"));
        }

        Console.WriteLine();
        foreach (var r in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Kind} {r.Variant} {r.Size:N0} ({r.GcMode}): floor before/after {r.FloorBeforeSeconds:0.00}/{r.FloorAfterSeconds:0.00} s; until the campaign said '{r.State}': {r.UntilSentStateSeconds:0.00} s; planned {r.Planned:N0}, sent {r.Sent:N0}, distinct recipients at SendGrid {r.DistinctRecipients:N0}; working set at rest {Machine.Megabytes(r.WorkingSetAtRestBytes)}, peak before the send (seeding) {Machine.Megabytes(r.PeakWorkingSetBeforeSendBytes)}, peak during the send (sampled every 50 ms) {Machine.Megabytes(r.PeakWorkingSetDuringSendBytes)} (managed heap committed: {Machine.Megabytes(r.PeakManagedCommittedDuringSendBytes)}); CPU during the send: Azurite {r.AzuriteCpuSendSeconds:0.0} s (floor: {r.AzuriteCpuFloorSeconds:0.0} s), Outreach {r.OwnCpuSendSeconds:0.0} s (floor: {r.OwnCpuFloorSeconds:0.0} s), fake SendGrid {r.SendGridCpuSendSeconds:0.0} s; GC pauses {r.GcPauseSendSeconds:0.00} s, {r.Gen2CollectionsDuringSend} gen2; load average {r.LoadAverageBefore} → {r.LoadAverageAfter}; seeding {r.SeedSeconds:0.0} s"));
            Console.WriteLine($"  memory at rest: {r.MemoryAtRest}");
            Console.WriteLine($"  memory at the peak of the send: {r.MemoryAtPeak} (most threads during the send: {r.PeakThreadsDuringSend}); the kernel's exact peak during the send: {Machine.Megabytes(r.ExactPeakDuringSendBytes)}");
            Console.WriteLine("  allocations sampled during the send: " + string.Join(", ", r.AllocationsDuringSend));
            Console.WriteLine("  storage operations during the send: " + string.Join(", ", r.StorageOperations.OrderByDescending(o => o.Value).Select(o => $"{o.Key} {o.Value:N0}")));
        }

        foreach (var variant in results.Where(r => r.Kind == "pipeline").Select(r => r.Variant).Distinct())
            Targets(variant, results.Where(r => r.Kind == "pipeline" && r.Variant == variant).OrderBy(r => r.Size).ToList(), results);
    }

    private static void Targets(string variant, IReadOnlyList<DeliveryRunResult> pipelines, IReadOnlyList<DeliveryRunResult> results)
    {
        var largest = pipelines.FirstOrDefault(r => r.Size == 100_000) ?? pipelines.LastOrDefault();
        if (largest is null) return;
        Console.WriteLine();
        Console.WriteLine($"Targets at {largest.Size:N0} recipients, GC {variant}:");
        Check($"≥ 990 personalizations per request: {largest.PersonalizationsPerRequest:0.0}", largest.PersonalizationsPerRequest >= 990);
        Check($"peak working set < 250 MB, whole run: {Machine.Megabytes(largest.PeakWorkingSetBytes)} (seeding {Machine.Megabytes(largest.PeakWorkingSetBeforeSendBytes)}; before this work: {EarlierPeakWorkingSet100kMegabytes} MB)",
            largest.PeakWorkingSetBytes < 250L * 1024 * 1024);
        Check($"peak working set < 250 MB, during the send: {Machine.Megabytes(largest.PeakDuringSendBytes)}", largest.PeakDuringSendBytes < 250L * 1024 * 1024);
        if (pipelines.FirstOrDefault(r => r.Size == 10_000) is { } small && small != largest)
        {
            var growth = (double)largest.PeakWorkingSetBytes / small.PeakWorkingSetBytes;
            Check($"peak working set ≤ 1.1 × the 10k run's, whole run: {Machine.Megabytes(small.PeakWorkingSetBytes)} → {Machine.Megabytes(largest.PeakWorkingSetBytes)} (× {growth:0.00}; before this work × 1.43)", growth <= 1.1);
            var sendGrowth = (double)largest.PeakDuringSendBytes / small.PeakDuringSendBytes;
            Check($"peak working set ≤ 1.1 × the 10k run's, during the send: {Machine.Megabytes(small.PeakDuringSendBytes)} → {Machine.Megabytes(largest.PeakDuringSendBytes)} (× {sendGrowth:0.00})", sendGrowth <= 1.1);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  Outreach CPU during the send: {small.OwnCpuSendSeconds:0.0} s at 10k, {largest.OwnCpuSendSeconds:0.0} s at {largest.Size / 1000}k (before this work, DevHost and fake SendGrid together: {EarlierCpuSeconds10k} s and {EarlierCpuSeconds100k} s)"));
        }

        if (largest.AudienceListing is { } listing)
            Check(string.Create(CultureInfo.InvariantCulture, $"GET /api/admin/audiences at {largest.Size:N0} under 100 ms: median {listing.MedianMilliseconds:0.0} ms, slowest {listing.MaxMilliseconds:0.0} ms (the full recount it replaced: {listing.RecountSeconds:0.00} s)"), listing.MedianMilliseconds < 100);

        if (results.FirstOrDefault(r => r.Kind == "naive") is { } naive && pipelines.FirstOrDefault(r => r.Size == naive.Size) is { } same)
        {
            var fewer = (double)naive.Requests / Math.Max(1, same.Requests);
            Check($"≥ 100 × fewer SendGrid requests than the naive baseline at {naive.Size:N0}: {naive.Requests:N0} vs {same.Requests:N0} (× {fewer:0})", fewer >= 100);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  naive baseline at {naive.Size:N0}: {naive.OwnCpuMicrosecondsPerRecipient:0.0} µs CPU, {naive.AllocatedBytesPerRecipient:N0} bytes allocated, {naive.StorageOperationsPer1000Recipients:0.0} storage operations per 1,000 and {naive.SendGridBytesPerRecipient:N0} SendGrid bytes per recipient, against {same.OwnCpuMicrosecondsPerRecipient:0.0} µs, {same.AllocatedBytesPerRecipient:N0} bytes, {same.StorageOperationsPer1000Recipients:0.0} and {same.SendGridBytesPerRecipient:N0} bytes for the pipeline"));
        }

        foreach (var r in pipelines)
        {
            Check($"{r.Size:N0}: the first SendGrid request validates against SendGrid's schema{(r.SchemaProblems.Count > 0 ? ": " + string.Join("; ", r.SchemaProblems) : "")}", r.SchemaProblems.Count == 0);
            Check($"{r.Size:N0}: every recipient exactly once ({r.DistinctRecipients:N0} distinct, {r.DuplicateCopies} duplicates)", r.DuplicateCopies == 0 && r.DistinctRecipients == r.Size);
        }
    }

    private static void Check(string what, bool met) => Console.WriteLine($"  [{(met ? "met" : "NOT met")}] {what}");
}
