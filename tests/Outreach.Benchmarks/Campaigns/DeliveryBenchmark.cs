using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Outreach.Benchmarks.Campaigns;

/// <summary>
/// The campaign pipeline benchmark (issue 3). Each measured run happens in a child process of its own (its own Azurite,
/// fake SendGrid and DevHost), so every peak working set belongs to one run only. Usage:
/// <code>
/// dotnet run -c Release --project tests/Outreach.Benchmarks -- delivery                      10k and 100k, naive baseline on 10k
/// dotnet run -c Release --project tests/Outreach.Benchmarks -- delivery --sizes 1000000      one million
/// dotnet run -c Release --project tests/Outreach.Benchmarks -- delivery --naive 0            no naive baseline
/// </code>
/// </summary>
public static class DeliveryBenchmark
{
    public const string Verb = "delivery";

    public static async Task<int> MainAsync(string[] args)
    {
        var options = Arguments.Parse(args);
        if (options.Child is { } child)
        {
            // WebApplicationFactory finds the DevHost's content root through MvcTestingAppManifest.json in the current folder.
            Directory.SetCurrentDirectory(AppContext.BaseDirectory);
            var result = await DeliveryScenario.RunAsync(child.Kind, child.Size);
            Console.WriteLine("RESULT " + JsonSerializer.Serialize(result));
            return 0;
        }

        Console.WriteLine($"Outreach delivery benchmark — {DateTimeOffset.Now:yyyy-MM-dd HH:mm zzz}");
        Console.WriteLine($"Machine: {Machine.Describe()}");
        Console.WriteLine("Each run: fresh Azurite (in memory), fake SendGrid (the first body schema-checked), DevHost in-process with queue polling on.");
        Console.WriteLine();

        var results = new List<DeliveryRunResult>();
        foreach (var size in options.Sizes) results.Add(await RunChildAsync("pipeline", size));
        if (options.NaiveSize > 0) results.Add(await RunChildAsync("naive", options.NaiveSize));

        DeliveryReport.Print(results);
        return results.Any(r => r.Kind == "pipeline" && (r.DuplicateCopies > 0 || r.DistinctRecipients != r.Size || r.SchemaProblems.Count > 0)) ? 1 : 0;
    }

    private static async Task<DeliveryRunResult> RunChildAsync(string kind, int size)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(DeliveryBenchmark).Assembly.Location);
        foreach (var argument in new[] { Verb, "--run", kind, "--size", size.ToString(CultureInfo.InvariantCulture) }) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        DeliveryRunResult? result = null;
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("RESULT ", StringComparison.Ordinal)) result = JsonSerializer.Deserialize<DeliveryRunResult>(line["RESULT ".Length..]);
            else Console.WriteLine(line);
        }

        await process.WaitForExitAsync();
        return result ?? throw new InvalidOperationException($"The {kind} run on {size} failed (exit code {process.ExitCode}).");
    }

    private sealed record ChildRun(string Kind, int Size);

    private sealed record Arguments(IReadOnlyList<int> Sizes, int NaiveSize, ChildRun? Child)
    {
        public static Arguments Parse(string[] args)
        {
            IReadOnlyList<int> sizes = [10_000, 100_000];
            var naive = 10_000;
            string? run = null;
            var size = 0;
            for (var i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--sizes": sizes = args[++i].Split(',').Select(s => int.Parse(s.Replace("_", ""), CultureInfo.InvariantCulture)).ToList(); break;
                    case "--naive": naive = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    case "--run": run = args[++i]; break;
                    case "--size": size = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    default: throw new ArgumentException($"Unknown argument {args[i]}. Use --sizes 10000,100000 and --naive 10000 (0: none).");
                }
            }

            return new Arguments(sizes, naive, run is null ? null : new ChildRun(run, size));
        }
    }
}
