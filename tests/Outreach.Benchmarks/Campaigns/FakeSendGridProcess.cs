using System.Diagnostics;
using System.Text.Json;

namespace Outreach.Benchmarks.Campaigns;

/// <summary>What the fake SendGrid has received so far.</summary>
public sealed record SendGridStats(int Requests, long AcceptedPersonalizations, long DuplicateCopies, int DistinctRecipients, long ReceivedBodyBytes, IReadOnlyList<string> SchemaProblems);

/// <summary>
/// The fake SendGrid in a process of its own, so that its parsing and bookkeeping (a JSON document per 2 MB request, a
/// fingerprint per recipient) count neither in Outreach's CPU nor in its memory. Spoken to over its standard streams:
/// it prints its address, then one line of statistics for each <c>stats</c> line it reads; it exits when its input closes.
/// </summary>
public sealed class FakeSendGridProcess : IAsyncDisposable
{
    public const string Verb = "--fake-sendgrid";

    private readonly Process process;
    private readonly SemaphoreSlim exchange = new(1, 1);

    private FakeSendGridProcess(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int ProcessId => process.Id;

    public static async Task<FakeSendGridProcess> StartAsync()
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(FakeSendGridProcess).Assembly.Location);
        start.ArgumentList.Add(DeliveryBenchmark.Verb);
        start.ArgumentList.Add(Verb);
        var process = Process.Start(start)!;
        var address = await process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("The fake SendGrid process did not start.");
        return new FakeSendGridProcess(process, new Uri(address));
    }

    public async Task<SendGridStats> StatsAsync()
    {
        await exchange.WaitAsync();
        try
        {
            await process.StandardInput.WriteLineAsync("stats");
            await process.StandardInput.FlushAsync();
            var line = await process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("The fake SendGrid process stopped.");
            return JsonSerializer.Deserialize<SendGridStats>(line)!;
        }
        finally
        {
            exchange.Release();
        }
    }

    /// <summary>The child's side: serve until standard input closes.</summary>
    public static async Task<int> ServeAsync()
    {
        await using var sendGrid = await FakeSendGrid.StartAsync(SchemaChecks.First, keepRequests: false);
        Console.WriteLine(sendGrid.BaseAddress);
        while (await Console.In.ReadLineAsync() is { } command)
        {
            if (command != "stats") continue;
            Console.WriteLine(JsonSerializer.Serialize(new SendGridStats(sendGrid.RequestCount, sendGrid.AcceptedPersonalizations, sendGrid.DuplicateCopies,
                sendGrid.DistinctRecipients, sendGrid.ReceivedBodyBytes, sendGrid.SchemaProblems)));
        }

        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromSeconds(10))) process.Kill();
        await process.WaitForExitAsync();
        process.Dispose();
        exchange.Dispose();
    }
}
