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
/// dotnet run -c Release --project tests/Outreach.Benchmarks -- delivery --gc default,server   each size under each GC setting
/// </code>
/// </summary>
public static class DeliveryBenchmark
{
    public const string Verb = "delivery";

    public static async Task<int> MainAsync(string[] args)
    {
        if (args.FirstOrDefault() == FakeSendGridProcess.Verb) return await FakeSendGridProcess.ServeAsync();
        var options = Arguments.Parse(args);
        if (options.Child is { } child)
        {
            // WebApplicationFactory finds the DevHost's content root through MvcTestingAppManifest.json in the current folder.
            Directory.SetCurrentDirectory(AppContext.BaseDirectory);
            var result = await DeliveryScenario.RunAsync(child.Kind, child.Size) with { Variant = child.Variant };
            Console.WriteLine("RESULT " + JsonSerializer.Serialize(result));
            return 0;
        }

        Console.WriteLine($"Outreach delivery benchmark — {DateTimeOffset.Now:yyyy-MM-dd HH:mm zzz}");
        Console.WriteLine($"Machine: {Machine.Describe()}");
        Console.WriteLine("Each run: fresh Azurite (in memory), the fake SendGrid in a process of its own (the first body schema-checked), the DevHost in the run's process with queue polling on.");
        Console.WriteLine();

        var results = new List<DeliveryRunResult>();
        foreach (var variant in options.Variants)
        {
            foreach (var size in options.Sizes) results.Add(await RunChildAsync("pipeline", size, variant));
        }

        if (options.NaiveSize > 0) results.Add(await RunChildAsync("naive", options.NaiveSize, GcVariant.Default));

        DeliveryReport.Print(results);
        return results.Any(r => r.Kind == "pipeline" && (r.DuplicateCopies > 0 || r.DistinctRecipients != r.Size || r.SchemaProblems.Count > 0)) ? 1 : 0;
    }

    private static async Task<DeliveryRunResult> RunChildAsync(string kind, int size, GcVariant variant)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(DeliveryBenchmark).Assembly.Location);
        foreach (var argument in new[] { Verb, "--run", kind, "--size", size.ToString(CultureInfo.InvariantCulture), "--variant", variant.Name }) start.ArgumentList.Add(argument);
        foreach (var (name, value) in variant.Environment) start.Environment[name] = value;
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

    private sealed record ChildRun(string Kind, int Size, string Variant);

    private sealed record Arguments(IReadOnlyList<int> Sizes, int NaiveSize, IReadOnlyList<GcVariant> Variants, ChildRun? Child)
    {
        public static Arguments Parse(string[] args)
        {
            IReadOnlyList<int> sizes = [10_000, 100_000];
            IReadOnlyList<GcVariant> variants = [GcVariant.Default];
            var naive = 10_000;
            string? run = null;
            var variant = GcVariant.Default.Name;
            var size = 0;
            for (var i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--sizes": sizes = args[++i].Split(',').Select(s => int.Parse(s.Replace("_", ""), CultureInfo.InvariantCulture)).ToList(); break;
                    case "--naive": naive = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    case "--run": run = args[++i]; break;
                    case "--size": size = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    case "--gc": variants = args[++i].Split(',').Select(GcVariant.Named).ToList(); break;
                    case "--variant": variant = args[++i]; break;
                    default: throw new ArgumentException($"Unknown argument {args[i]}. Use --sizes 10000,100000, --naive 10000 (0: none) and --gc {string.Join(",", GcVariant.All.Select(v => v.Name))}.");
                }
            }

            return new Arguments(sizes, naive, variants, run is null ? null : new ChildRun(run, size, variant));
        }
    }
}

/// <summary>GC settings a run is given through the runtime's environment variables, to compare them within one benchmark run.</summary>
public sealed record GcVariant(string Name, IReadOnlyDictionary<string, string> Environment)
{
    public static readonly GcVariant Default = new("default", new Dictionary<string, string>());

    public static readonly IReadOnlyList<GcVariant> All =
    [
        Default,
        new("workstation", new Dictionary<string, string> { ["DOTNET_gcServer"] = "0" }),
        new("server", new Dictionary<string, string> { ["DOTNET_gcServer"] = "1" }),
        new("conserve", new Dictionary<string, string> { ["DOTNET_GCConserveMemory"] = "7" }),
        // A smaller allocation budget for generation 0 (8 MB, hexadecimal), so the heap between collections stays small.
        new("gen0-8mb", new Dictionary<string, string> { ["DOTNET_GCgen0size"] = "0x800000" }),
        new("nonconcurrent", new Dictionary<string, string> { ["DOTNET_gcConcurrent"] = "0" }),
        // Server GC with dynamic adaptation to application sizes (DATAS; on by default with Server GC since .NET 9).
        new("datas", new Dictionary<string, string> { ["DOTNET_gcServer"] = "1", ["DOTNET_GCDynamicAdaptationMode"] = "1" }),
        // glibc's malloc keeps up to 8 arenas per core for native allocations made on many threads.
        new("arena2", new Dictionary<string, string> { ["MALLOC_ARENA_MAX"] = "2" }),
        // The same, with every method compiled once, optimised (no tier-0 code, no re-JIT at tier 1 as a run goes on).
        new("arena2-notiered", new Dictionary<string, string> { ["MALLOC_ARENA_MAX"] = "2", ["DOTNET_TieredCompilation"] = "0" }),
        // The runtime's own defaults, without src/Outreach.Runtime.props' two settings (the environment overrides runtimeconfig.json):
        // arrays of 85,000 bytes and more on the large object heap (hexadecimal), dynamic PGO on.
        new("runtime-defaults", new Dictionary<string, string> { ["DOTNET_GCLOHThreshold"] = "0x14C08", ["DOTNET_TieredPGO"] = "1" }),
        new("runtime-defaults-loh", new Dictionary<string, string> { ["DOTNET_GCLOHThreshold"] = "0x14C08" }),
        new("runtime-defaults-pgo", new Dictionary<string, string> { ["DOTNET_TieredPGO"] = "1" }),
        // 160 MB (hexadecimal, as the runtime reads it).
        new("limit160", new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = "0xA000000" }),
    ];

    public static GcVariant Named(string name) =>
        All.FirstOrDefault(v => v.Name == name) ?? throw new ArgumentException($"Unknown GC setting {name}: {string.Join(", ", All.Select(v => v.Name))}.");
}
