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
/// Import throughput on local Azurite: a French Excel file (<c>;</c>, Windows-1252, five columns) of N lines, imported
/// as confirmed through the job API (upload → start → the queue writes the chunks, polled until done) and, in the same
/// run, a smaller file through the synchronous route, for the ratio. Usage:
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

        var job = await ByJobAsync(admin, operations, lines);
        var sync = await SynchronouslyAsync(admin, operations, syncLines);

        Console.WriteLine();
        Console.WriteLine($"| route | lines | seconds | lines/s | storage operations per line |");
        Console.WriteLine($"|---|---:|---:|---:|---:|");
        Console.WriteLine($"| job: upload + preview | {lines} | {job.Upload.TotalSeconds:0.00} | {lines / job.Upload.TotalSeconds:0} | {job.UploadOperations / (double)lines:0.00} |");
        Console.WriteLine($"| job: start → done | {lines} | {job.Run.TotalSeconds:0.00} | **{lines / job.Run.TotalSeconds:0}** | {job.RunOperations / (double)lines:0.00} |");
        Console.WriteLine($"| job: upload → done | {lines} | {(job.Upload + job.Run).TotalSeconds:0.00} | {lines / (job.Upload + job.Run).TotalSeconds:0} | |");
        Console.WriteLine($"| synchronous import | {syncLines} | {sync.Elapsed.TotalSeconds:0.00} | {syncLines / sync.Elapsed.TotalSeconds:0} | {sync.Operations / (double)syncLines:0.00} |");
        Console.WriteLine();
        Console.WriteLine($"Job report: {job.Report}");
        return job.Report.Contains($"\"added\":{lines}", StringComparison.Ordinal) ? 0 : 1;
    }

    private static async Task<(TimeSpan Upload, long UploadOperations, TimeSpan Run, long RunOperations, string Report)> ByJobAsync(HttpClient admin, StorageOperations operations, int lines)
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
            await Task.Delay(50);
        }

        var run = clock.Elapsed;
        Console.Error.WriteLine($"[job {lines}] uploaded in {uploaded.TotalSeconds:0.00} s, imported in {run.TotalSeconds:0.00} s");
        return (uploaded, uploadOperations, run, operations.Total - before, report);
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
        for (var i = 1; i <= lines; i++) text.Append(CultureInfo.InvariantCulture, $"{prefix}.{i}@example.org;Hélène;Dupré;Association n°{i % 500};association\r\n");
        return Encoding.GetEncoding(1252).GetBytes(text.ToString());
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
