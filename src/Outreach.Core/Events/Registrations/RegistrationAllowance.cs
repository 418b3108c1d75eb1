using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Outreach.Core.Common.Storage;

namespace Outreach.Core.Events.Registrations;

/// <summary>
/// Bounds what anonymous registration requests can cause, per UTC hour: the mails one address receives
/// (<see cref="EventsOptions.MaxMailsPerAddressPerHour"/>) and the requests one client network makes
/// (<see cref="EventsOptions.MaxRegistrationsPerNetworkPerHour"/>). One counter row per key and hour, taken on its ETag.
/// </summary>
public sealed class RegistrationAllowance(StorageAccount storage, IOptions<EventsOptions> options, TimeProvider clock)
{
    private const int MaxAttempts = 10;

    /// <summary>False when the address has had its share of registration mails this hour.</summary>
    public Task<bool> TryTakeMailAsync(string contactKey, CancellationToken cancellationToken = default) =>
        TryTakeAsync("mail-" + contactKey, options.Value.MaxMailsPerAddressPerHour, cancellationToken);

    /// <summary>False when the client network has made its share of registration requests this hour (no network known: true).</summary>
    public Task<bool> TryTakeRequestAsync(string? ipPrefix, CancellationToken cancellationToken = default) =>
        ipPrefix is null
            ? Task.FromResult(true)
            : TryTakeAsync("net-" + ipPrefix.Replace('/', '_').Replace(':', '-'), options.Value.MaxRegistrationsPerNetworkPerHour, cancellationToken);

    /// <summary>The address's counter rows (the GDPR export counts them).</summary>
    public async Task<int> CountAsync(string contactKey, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.RegistrationAllowances);
        var count = 0;
        await foreach (var unused in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"mail-" + contactKey}"), select: ["RowKey"], cancellationToken: cancellationToken)) count++;
        return count;
    }

    /// <summary>Erasure: the address's counters go with it.</summary>
    public async Task ForgetAsync(string contactKey, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.RegistrationAllowances);
        await ForgetHoursBeforeAsync(table, "mail-" + contactKey, "9999999999", cancellationToken);
    }

    private async Task<bool> TryTakeAsync(string key, int limit, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableNames.RegistrationAllowances);
        var hour = clock.GetUtcNow().ToString("yyyyMMddHH", System.Globalization.CultureInfo.InvariantCulture);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var found = await table.GetEntityIfExistsAsync<TableEntity>(key, hour, cancellationToken: cancellationToken);
            if (!found.HasValue)
            {
                if (await table.TryAddAsync(new TableEntity(key, hour) { ["Count"] = 1 }, cancellationToken) == WriteOutcome.Written)
                {
                    await ForgetHoursBeforeAsync(table, key, hour, cancellationToken);
                    return true;
                }

                continue;
            }

            var row = found.Value!;
            var count = row.GetInt32("Count") ?? 0;
            if (count >= limit) return false;
            row["Count"] = count + 1;
            if ((await table.TryUpdateAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken)).Written) return true;
        }

        return false; // contended this hard, the request is one too many
    }

    /// <summary>The key's rows of earlier hours are of no use any more; deleting them keeps no history of who registered when.</summary>
    private static async Task ForgetHoursBeforeAsync(TableClient table, string key, string hour, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {key} and RowKey lt {hour}");
        await foreach (var old in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            try
            {
                await table.DeleteEntityAsync(old.PartitionKey, old.RowKey, ETag.All, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
            }
        }
    }
}
