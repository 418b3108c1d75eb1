using Microsoft.Extensions.Options;
using Outreach.Core.Common.Configuration;

namespace Outreach.DevHost;

/// <summary>
/// When <c>Storage:ConnectionString</c> is <c>UseDevelopmentStorage=true</c> and nothing listens on 127.0.0.1:10000,
/// starts Azurite before anything else starts, and stops it when the DevHost stops (or the process exits). Its data
/// persists under the repository (<see cref="DevStorageLocation"/>) unless <c>DevHost:InMemoryStorage=true</c>.
/// </summary>
public sealed class DevStorage(IOptions<StorageOptions> storage, IConfiguration configuration, ILogger<DevStorage> logger) : IHostedLifecycleService, IAsyncDisposable
{
    private AzuriteProcess? azurite;

    /// <summary>One line for the start-up banner.</summary>
    public string Status { get; private set; } = "not checked yet";

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var connectionString = storage.Value.ConnectionString?.Trim().TrimEnd(';') ?? "";
        if (!string.Equals(connectionString, AzuriteLauncher.DevelopmentStorage, StringComparison.OrdinalIgnoreCase))
        {
            Status = string.IsNullOrEmpty(connectionString)
                ? $"not used (storage account '{storage.Value.AccountName}' with managed identity)"
                : "not started by the DevHost (Storage:ConnectionString points elsewhere)";
            return;
        }

        if (AzuriteLauncher.IsListening(AzuriteLauncher.DefaultBlobPort))
        {
            Status = $"already running on 127.0.0.1:{AzuriteLauncher.DefaultBlobPort} (used as is)";
            return;
        }

        var persistTo = DevStorageLocation.Resolve(configuration);
        azurite = await AzuriteLauncher.StartAsync(
            AzuriteLauncher.DefaultBlobPort, AzuriteLauncher.DefaultQueuePort, AzuriteLauncher.DefaultTablePort,
            message => logger.LogInformation("{Message}", message), persistTo, cancellationToken);
        Status = $"started by the DevHost (pid {azurite.ProcessId}) on 127.0.0.1:{azurite.BlobPort}-{azurite.TablePort}, {AzuriteLauncher.Describe(persistTo)}; stopped with the DevHost";
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppedAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (azurite is { } running)
        {
            azurite = null;
            await running.DisposeAsync();
            logger.LogInformation("Azurite stopped");
        }
    }
}

/// <summary>
/// Where the DevHost's Azurite keeps its data: <c>DevHost:StoragePath</c>, by default <c>.devhost/azurite</c> under the
/// repository root (git-ignored), so a restart of <c>dotnet run</c> finds the subscribers the outbox's links point at;
/// <c>null</c> (in memory) when <c>DevHost:InMemoryStorage=true</c>.
/// </summary>
public static class DevStorageLocation
{
    public const string InMemoryKey = "DevHost:InMemoryStorage";
    public const string PathKey = "DevHost:StoragePath";

    public static string? Resolve(IConfiguration configuration)
    {
        if (configuration.GetValue(InMemoryKey, false))
        {
            return null;
        }

        var root = RepositoryRoot.Find() ?? Directory.GetCurrentDirectory();
        return Path.GetFullPath(configuration[PathKey] is { Length: > 0 } configured ? configured : Path.Combine(".devhost", "azurite"), root);
    }
}
