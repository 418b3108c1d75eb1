using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Outreach.Benchmarks.Campaigns;
using Outreach.Core.Common.Storage;
using Outreach.DevHost;

namespace Outreach.Benchmarks.Audiences;

/// <summary>
/// Import throughput on local Azurite: a French Excel file (<c>;</c>, Windows-1252, five columns) of N lines (every
/// 997th without a valid address, the last one a duplicate), imported as confirmed through the job API (upload → start →
/// the queue writes the chunks, polled until done; the progress and the rejected lines are then checked) and, in the
/// same run, a smaller file through the synchronous route, for the ratio. CPU time of Azurite and of this process is
/// reported beside the wall time, because on a shared machine the wall time says more about the load than the code. Usage:
/// <code>
/// dotnet run -c Release --project tests/Outreach.Benchmarks -- imports                 20,000 lines by job, 2,000 synchronously
/// dotnet run -c Release --project tests/Outreach.Benchmarks -- imports --lines 100000 --sync 5000
/// </code>
/// </summary>
public static class ImportBenchmark
{
    public const string Verb = "imports";

    public static async Task<int> MainAsync(string[] args)
    {
        var lines = Option(args, "--lines", 20_000);
        var syncLines = Option(args, "--sync", 2_000);
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        Console.WriteLine($"Outreach import benchmark — {DateTimeOffset.Now:yyyy-MM-dd HH:mm zzz}");
        Console.WriteLine($"Machine: {Machine.Describe()}");

        var ports = AzuriteLauncher.FreePorts(3);
        using var azurite = await AzuriteLauncher.StartAsync(ports[0], ports[1], ports[2], log: Console.Error.WriteLine);
        await using var host = new DeliveryBenchmarkHost(azurite.ConnectionString, new Uri("http://127.0.0.1:9"));
        var admin = host.CreateAdminClient();
        var operations = host.Services.GetRequiredService<StorageOperations>();
        foreach (var audience in new[] { "bench-job", "bench-sync" })
            (await admin.PostAsJsonAsync("/api/admin/audiences", new { id = audience, name = audience, cadence = "weekly" })).EnsureSuccessStatusCode();

        var cpu = new CpuClock(azurite.ProcessId);
        var job = await ByJobAsync(admin, operations, lines);
        var (jobAzurite, jobOwn) = cpu.Lap();
        var sync = await SynchronouslyAsync(admin, operations, syncLines);
        var (syncAzurite, syncOwn) = cpu.Lap();
        var expected = Expected(lines);
        var rejected = (await admin.GetStringAsync($"/api/admin/imports/{job.Id}/rejected.csv")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1;
        var correct = job.Report.Contains($"\"total\":{lines},\"done\":{lines},\"added\":{expected.Added},\"updated\":0,\"skipped\":1,\"invalid\":{expected.Invalid}", StringComparison.Ordinal)
            && rejected == expected.Invalid + 1;

        Console.WriteLine();
        Console.WriteLine($"Load average after: {Machine.LoadAverage()}");
        Console.WriteLine($"| route | lines | wall s | lines/s (wall) | Azurite CPU s | this process CPU s | lines per Azurite CPU-second | storage operations per line |");
        Console.WriteLine($"|---|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine($"| job: upload + preview | {lines} | {job.Upload.TotalSeconds:0.00} | {lines / job.Upload.TotalSeconds:0} | | | | {job.UploadOperations / (double)lines:0.00} |");
        Console.WriteLine($"| job: start → done | {lines} | {job.Run.TotalSeconds:0.00} | **{lines / job.Run.TotalSeconds:0}** | {jobAzurite.TotalSeconds:0.0} | {jobOwn.TotalSeconds:0.0} | {lines / jobAzurite.TotalSeconds:0} | {job.RunOperations / (double)lines:0.00} |");
        Console.WriteLine($"| synchronous import | {syncLines} | {sync.Elapsed.TotalSeconds:0.00} | {syncLines / sync.Elapsed.TotalSeconds:0} | {syncAzurite.TotalSeconds:0.0} | {syncOwn.TotalSeconds:0.0} | {syncLines / syncAzurite.TotalSeconds:0} | {sync.Operations / (double)syncLines:0.00} |");
        Console.WriteLine();
        Console.WriteLine($"Job report: {job.Report}");
        Console.WriteLine($"Rejected lines file: {rejected} lines; report {(correct ? "correct" : "WRONG")} (expected added {expected.Added}, skipped 1, invalid {expected.Invalid}).");
        return correct ? 0 : 1;
    }

    private static async Task<(string Id, TimeSpan Upload, long UploadOperations, TimeSpan Run, long RunOperations, string Report)> ByJobAsync(HttpClient admin, StorageOperations operations, int lines)
    {
        var file = FrenchFile(lines, "job");
        var before = operations.Total;
        var clock = Stopwatch.StartNew();
        var upload = await admin.PostAsync("/api/admin/audiences/bench-job/imports?status=confirmed&source=benchmark", Csv(file));
        upload.EnsureSuccessStatusCode();
        var id = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var uploaded = clock.Elapsed;
        var uploadOperations = operations.Total - before;

        before = operations.Total;
        clock.Restart();
        (await admin.PostAsync($"/api/admin/imports/{id}/start", null)).EnsureSuccessStatusCode();
        string report;
        while (true)
        {
            report = await admin.GetStringAsync($"/api/admin/imports/{id}");
            if (report.Contains("\"state\":\"done\"", StringComparison.Ordinal)) break;
            await Task.Delay(500); // about as often as a person watching the progress would ask (more often only loads the emulator)
        }

        var run = clock.Elapsed;
        Console.Error.WriteLine($"[job {lines}] uploaded in {uploaded.TotalSeconds:0.00} s, imported in {run.TotalSeconds:0.00} s");
        return (id!, uploaded, uploadOperations, run, operations.Total - before, report);
    }

    private static async Task<(TimeSpan Elapsed, long Operations)> SynchronouslyAsync(HttpClient admin, StorageOperations operations, int lines)
    {
        var file = FrenchFile(lines, "sync");
        var before = operations.Total;
        var clock = Stopwatch.StartNew();
        (await admin.PostAsync("/api/admin/audiences/bench-sync/import?status=confirmed&source=benchmark", Csv(file))).EnsureSuccessStatusCode();
        Console.Error.WriteLine($"[sync {lines}] imported in {clock.Elapsed.TotalSeconds:0.00} s");
        return (clock.Elapsed, operations.Total - before);
    }

    private static byte[] FrenchFile(int lines, string prefix)
    {
        var text = new StringBuilder("Adresse e-mail;Prénom;Nom;Organisation;Type de structure\r\n");
        for (var i = 1; i < lines; i++)
            text.Append(CultureInfo.InvariantCulture, $"{(i % InvalidEvery == 0 ? "not-an-address-" + i : $"{prefix}.{i}@example.org")};Hélène;Dupré;Association n°{i % 500};association\r\n");
        text.Append(CultureInfo.InvariantCulture, $"{prefix}.1@example.org;Hélène;Dupré;;association\r\n"); // a duplicate of the first line
        return Encoding.GetEncoding(1252).GetBytes(text.ToString());
    }

    private const int InvalidEvery = 997;

    private static (int Added, int Invalid) Expected(int lines)
    {
        var invalid = (lines - 1) / InvalidEvery;
        return (lines - 1 - invalid, invalid);
    }

    /// <summary>CPU time used by Azurite's process tree and by this process since the last lap.</summary>
    private sealed class CpuClock(int azuriteProcessId)
    {
        private TimeSpan azurite = Machine.CpuTimeOfTree(azuriteProcessId);
        private TimeSpan own = Process.GetCurrentProcess().TotalProcessorTime;

        public (TimeSpan Azurite, TimeSpan Own) Lap()
        {
            var (azuriteNow, ownNow) = (Machine.CpuTimeOfTree(azuriteProcessId), Process.GetCurrentProcess().TotalProcessorTime);
            var lap = (azuriteNow - azurite, ownNow - own);
            (azurite, own) = (azuriteNow, ownNow);
            return lap;
        }
    }

    private static ByteArrayContent Csv(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return content;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
