using System.Globalization;

namespace Outreach.Benchmarks.Campaigns;

/// <summary>The summary table, and the targets of issue 3 checked against it.</summary>
public static class DeliveryReport
{
    public static void Print(IReadOnlyList<DeliveryRunResult> results)
    {
        Console.WriteLine();
        Console.WriteLine("| run | recipients | wall | recipients/s | SendGrid requests | personalizations/request | floor | pipeline/floor | CPU: send/floor | peak working set | Azurite peak RSS | duplicates | state |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Kind} | {r.Size:N0} | {r.WallSeconds:0.00} s | {r.RecipientsPerSecond:N0} | {r.Requests:N0} | {r.PersonalizationsPerRequest:0.0} | {r.FloorSeconds:0.00} s | {(r.Kind == "pipeline" ? r.PipelineOverFloor.ToString("0.00", CultureInfo.InvariantCulture) : "-")} | {(r.Kind == "pipeline" ? r.CpuOverFloor.ToString("0.00", CultureInfo.InvariantCulture) : "-")} | {Machine.Megabytes(r.PeakWorkingSetBytes)} | {Machine.Megabytes(r.AzuritePeakRssBytes)} | {r.DuplicateCopies} | {r.State} |"));
        }

        Console.WriteLine();
        foreach (var r in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Kind} {r.Size:N0}: floor before/after {r.FloorBeforeSeconds:0.00}/{r.FloorAfterSeconds:0.00} s; until the campaign said '{r.State}': {r.UntilSentStateSeconds:0.00} s; planned {r.Planned:N0}, sent {r.Sent:N0}, distinct recipients at SendGrid {r.DistinctRecipients:N0}; working set at rest {Machine.Megabytes(r.WorkingSetAtRestBytes)}, peak during the send {Machine.Megabytes(r.PeakWorkingSetDuringSendBytes)} (managed heap committed: {Machine.Megabytes(r.PeakManagedCommittedDuringSendBytes)}); CPU during the send: Azurite {r.AzuriteCpuSendSeconds:0.0} s (floor: {r.AzuriteCpuFloorSeconds:0.0} s), DevHost + fake SendGrid {r.OwnCpuSendSeconds:0.0} s (floor: {r.OwnCpuFloorSeconds:0.0} s); GC pauses {r.GcPauseSendSeconds:0.00} s; load average {r.LoadAverageBefore} → {r.LoadAverageAfter}; seeding {r.SeedSeconds:0.0} s"));
        }

        Targets(results);
    }

    private static void Targets(IReadOnlyList<DeliveryRunResult> results)
    {
        var pipelines = results.Where(r => r.Kind == "pipeline").OrderBy(r => r.Size).ToList();
        var largest = pipelines.FirstOrDefault(r => r.Size == 100_000) ?? pipelines.LastOrDefault();
        if (largest is null) return;
        Console.WriteLine();
        Console.WriteLine($"Targets at {largest.Size:N0} recipients:");
        Check($"pipeline ≤ 1.5 × floor: {largest.PipelineOverFloor:0.00} × (wall; floor = mean of {largest.FloorBeforeSeconds:0.0} s before and {largest.FloorAfterSeconds:0.0} s after; in CPU seconds {largest.CpuOverFloor:0.00} ×)", largest.PipelineOverFloor <= 1.5);
        Check($"≥ 990 personalizations per request: {largest.PersonalizationsPerRequest:0.0}", largest.PersonalizationsPerRequest >= 990);
        Check($"peak working set < 300 MB: {Machine.Megabytes(largest.PeakWorkingSetBytes)}", largest.PeakWorkingSetBytes < 300L * 1024 * 1024);
        if (pipelines.FirstOrDefault(r => r.Size == 10_000) is { } small && small != largest)
        {
            var growth = (double)largest.PeakWorkingSetBytes / small.PeakWorkingSetBytes;
            Check($"working set not growing from 10k to {largest.Size / 1000}k: {Machine.Megabytes(small.PeakWorkingSetBytes)} → {Machine.Megabytes(largest.PeakWorkingSetBytes)} (× {growth:0.00})", growth < 1.25);
        }

        if (results.FirstOrDefault(r => r.Kind == "naive") is { } naive && pipelines.FirstOrDefault(r => r.Size == naive.Size) is { } same)
        {
            var fewer = (double)naive.Requests / Math.Max(1, same.Requests);
            Check($"≥ 100 × fewer SendGrid requests than the naive baseline at {naive.Size:N0}: {naive.Requests:N0} vs {same.Requests:N0} (× {fewer:0})", fewer >= 100);
        }

        foreach (var r in results)
            Check($"{r.Kind} {r.Size:N0}: the first SendGrid request validates against SendGrid's schema{(r.SchemaProblems.Count > 0 ? ": " + string.Join("; ", r.SchemaProblems) : "")}", r.SchemaProblems.Count == 0);
        foreach (var r in pipelines)
            Check($"{r.Size:N0}: every recipient exactly once ({r.DistinctRecipients:N0} distinct, {r.DuplicateCopies} duplicates)", r.DuplicateCopies == 0 && r.DistinctRecipients == r.Size);
    }

    private static void Check(string what, bool met) => Console.WriteLine($"  [{(met ? "met" : "NOT met")}] {what}");
}
