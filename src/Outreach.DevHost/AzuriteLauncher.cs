using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;

namespace Outreach.DevHost;

/// <summary>
/// Starts Azurite (the Azure Storage emulator from the repository's npm dev-dependencies) on the given loopback ports,
/// in memory or persisting to a folder, installing it with npm first when node_modules lacks it. Used by the DevHost
/// (persisting) and the test fixtures (in memory).
/// </summary>
public static class AzuriteLauncher
{
    public const string AccountName = "devstoreaccount1";
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";
    public const int DefaultBlobPort = 10000;
    public const int DefaultQueuePort = 10001;
    public const int DefaultTablePort = 10002;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    public static string ConnectionString(int blobPort, int queuePort, int tablePort) =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{blobPort}/{AccountName};" +
        $"QueueEndpoint=http://127.0.0.1:{queuePort}/{AccountName};" +
        $"TableEndpoint=http://127.0.0.1:{tablePort}/{AccountName};";

    /// <summary>True when something accepts TCP connections on 127.0.0.1:<paramref name="port"/>.</summary>
    public static bool IsListening(int port)
    {
        try
        {
            using var client = new TcpClient();
            return client.ConnectAsync("127.0.0.1", port).Wait(TimeSpan.FromMilliseconds(500)) && client.Connected;
        }
        catch (Exception exception) when (exception is SocketException or AggregateException)
        {
            return false;
        }
    }

    /// <summary>Loopback ports that are free right now, all different (for test fixtures that start their own Azurite).</summary>
    public static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(System.Net.IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(listener => listener.Start());
            return listeners.Select(listener => ((System.Net.IPEndPoint)listener.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            listeners.ForEach(listener => listener.Stop());
        }
    }

    private const string Watchdog = """
        owner=$1; shift
        "$@" &
        child=$!
        trap 'kill $child 2>/dev/null; wait $child; exit 0' TERM INT
        while kill -0 "$owner" 2>/dev/null && kill -0 "$child" 2>/dev/null; do sleep 1; done
        kill $child 2>/dev/null
        wait $child
        """;

    /// <summary>
    /// Starts Azurite and waits until its three ports accept connections. Dispose the result to stop it. With
    /// <paramref name="persistTo"/>, its data lives in that folder and survives a restart; without, it is in memory.
    /// </summary>
    public static async Task<AzuriteProcess> StartAsync(
        int blobPort, int queuePort, int tablePort, Action<string>? log = null, string? persistTo = null, CancellationToken cancellationToken = default)
    {
        log ??= Console.WriteLine;
        var root = RepositoryRoot.Find()
            ?? throw new InvalidOperationException($"Cannot start Azurite: no {RepositoryRoot.SolutionFile} found above {Directory.GetCurrentDirectory()} or {AppContext.BaseDirectory}.");
        var executable = await EnsureInstalledAsync(root, log, cancellationToken).ConfigureAwait(false);

        var workingDirectory = Path.Combine(Path.GetTempPath(), "outreach-azurite");
        Directory.CreateDirectory(workingDirectory);
        // A small watchdog runs Azurite and stops it when this process ends, even when it ends without running
        // its exit handlers (a test host killed by the test runner), so no emulator outlives its owner.
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Watchdog);
        start.ArgumentList.Add("azurite-watchdog");
        start.ArgumentList.Add($"{Environment.ProcessId}");
        start.ArgumentList.Add(executable);
        foreach (var argument in Persistence(persistTo).Concat(
        [
            // --silent: no access-log line per request (reading them cost this process and Azurite more than many requests).
            "--skipApiVersionCheck", "--disableTelemetry", "--loose", "--silent",
            "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
            "--blobPort", $"{blobPort}", "--queuePort", $"{queuePort}", "--tablePort", $"{tablePort}",
        ]))
        {
            start.ArgumentList.Add(argument);
        }

        var output = new ConcurrentQueue<string>();
        var process = new Process { StartInfo = start };
        DataReceivedEventHandler keep = (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            output.Enqueue(e.Data);
            while (output.Count > 40 && output.TryDequeue(out string? _))
            {
            }
        };
        process.OutputDataReceived += keep;
        process.ErrorDataReceived += keep;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var azurite = new AzuriteProcess(process, blobPort, queuePort, tablePort, persistent: persistTo is not null);

        var deadline = Stopwatch.StartNew();
        while (!(IsListening(blobPort) && IsListening(queuePort) && IsListening(tablePort)))
        {
            if (cancellationToken.IsCancellationRequested)
            {
                azurite.Dispose();
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (process.HasExited || deadline.Elapsed > StartTimeout)
            {
                var why = process.HasExited ? $"it exited with code {process.ExitCode}" : $"its ports {blobPort}-{tablePort} did not open within {StartTimeout.TotalSeconds:0} s";
                azurite.Dispose();
                throw new InvalidOperationException($"Azurite did not start: {why}. Its output:{Environment.NewLine}{string.Join(Environment.NewLine, output)}");
            }

            await Task.Delay(100, CancellationToken.None).ConfigureAwait(false);
        }

        log($"Azurite started (pid {process.Id}) on 127.0.0.1: blob {blobPort}, queue {queuePort}, table {tablePort}, {Describe(persistTo)}.");
        return azurite;
    }

    /// <summary>"in memory" or "data in FOLDER", for logs and the start-up banner.</summary>
    public static string Describe(string? persistTo) => persistTo is null ? "in memory" : $"data in {persistTo}";

    private static string[] Persistence(string? persistTo)
    {
        if (persistTo is null)
        {
            return ["--inMemoryPersistence"];
        }

        Directory.CreateDirectory(persistTo);
        return ["--location", persistTo];
    }

    /// <summary>Returns node_modules/.bin/azurite, running <c>npm install</c> at the repository root first when it is missing.</summary>
    public static async Task<string> EnsureInstalledAsync(string repositoryRoot, Action<string> log, CancellationToken cancellationToken = default)
    {
        var executable = Path.Combine(repositoryRoot, "node_modules", ".bin", "azurite");
        await InstallLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (File.Exists(executable))
            {
                return executable;
            }

            log($"Azurite is not installed yet: running 'npm install --no-audit --no-fund' in {repositoryRoot} (once)...");
            var install = new ProcessStartInfo("npm") { WorkingDirectory = repositoryRoot, UseShellExecute = false };
            foreach (var argument in new[] { "install", "--no-audit", "--no-fund" })
            {
                install.ArgumentList.Add(argument);
            }

            Process npm;
            try
            {
                npm = Process.Start(install)!;
            }
            catch (System.ComponentModel.Win32Exception exception)
            {
                throw new InvalidOperationException("Azurite is not installed and npm was not found: install Node.js (which brings npm), then run 'npm install' at the repository root.", exception);
            }

            using (npm)
            {
                await npm.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                if (npm.ExitCode != 0 || !File.Exists(executable))
                {
                    throw new InvalidOperationException($"'npm install' in {repositoryRoot} failed (exit code {npm.ExitCode}); Azurite is needed for local storage.");
                }
            }

            return executable;
        }
        finally
        {
            InstallLock.Release();
        }
    }
}

/// <summary>A running Azurite; disposing it (or the process exiting) kills its process tree.</summary>
public sealed class AzuriteProcess : IDisposable, IAsyncDisposable
{
    private static readonly TimeSpan GracefulStop = TimeSpan.FromSeconds(15);

    private readonly Process process;
    private readonly bool persistent;
    private int disposed;

    internal AzuriteProcess(Process process, int blobPort, int queuePort, int tablePort, bool persistent)
    {
        this.process = process;
        this.persistent = persistent;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
        ConnectionString = AzuriteLauncher.ConnectionString(blobPort, queuePort, tablePort);
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    public int ProcessId => process.Id;

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    public string ConnectionString { get; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        try
        {
            if (persistent && !process.HasExited)
            {
                AskToStop();
            }

            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        process.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private void OnProcessExit(object? sender, EventArgs e) => Dispose();

    /// <summary>
    /// SIGTERM to the watchdog, which passes it on and waits: Azurite then writes its table database to disk before it
    /// exits (a kill would lose the last few seconds of writes).
    /// </summary>
    private void AskToStop()
    {
        try
        {
            using var signal = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", $"{process.Id}" }, UseShellExecute = false });
            signal?.WaitForExit();
            process.WaitForExit(GracefulStop);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No kill command: the hard stop below still ends it.
        }
    }
}
