using Azure;
using Azure.Data.Tables;
using Outreach.Core.Common.Storage;

namespace Outreach.Core.Events.Mails;

/// <summary>
/// What was mailed to whom for a session: one row per (mail, registrant), and one per (mail, session) for a whole
/// run. A row is claimed by a conditional insert before the mail is handed over, so a timer that fires twice or a
/// queue message delivered twice finds the row and sends nothing. A hand-over that fails releases its row so the
/// retry can send. (PartitionKey = session id, RowKey = <c>kind|contact key</c> or <c>run|kind</c>.)
/// </summary>
public sealed class EventMailLedger(StorageAccount storage, TimeProvider clock)
{
    /// <summary>Claims (kind, registrant); false when it was claimed before: do not send.</summary>
    public Task<bool> TryClaimAsync(string sessionId, string kind, string contactKey, CancellationToken cancellationToken = default) =>
        TryAddAsync(sessionId, $"{kind}|{contactKey}", cancellationToken);

    public Task ReleaseAsync(string sessionId, string kind, string contactKey, CancellationToken cancellationToken = default) =>
        DeleteAsync(sessionId, $"{kind}|{contactKey}", cancellationToken);

    /// <summary>Claims a whole run (e.g. the day-before reminders of a session); false when it was claimed before.</summary>
    public Task<bool> TryClaimRunAsync(string sessionId, string kind, CancellationToken cancellationToken = default) =>
        TryAddAsync(sessionId, $"run|{kind}", cancellationToken);

    /// <summary>How many registrants each mail of the session went to (a claim is made just before the mail is queued), by ledger kind.</summary>
    public async Task<IReadOnlyDictionary<string, int>> SentByKindAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.EventLedger);
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {sessionId}"), 1000, ["RowKey"], cancellationToken))
        {
            var kind = row.RowKey[..Math.Max(0, row.RowKey.IndexOf('|'))];
            if (kind is "" or "run") continue;
            counts[kind] = counts.GetValueOrDefault(kind) + 1;
        }

        return counts;
    }

    /// <summary>True when the run was claimed (or recorded as done).</summary>
    public async Task<bool> WasRunClaimedAsync(string sessionId, string kind, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.EventLedger);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(sessionId, $"run|{kind}", select: ["RowKey"], cancellationToken: cancellationToken);
        return response.HasValue;
    }

    public Task ReleaseRunAsync(string sessionId, string kind, CancellationToken cancellationToken = default) =>
        DeleteAsync(sessionId, $"run|{kind}", cancellationToken);

    public async Task<bool> WasClaimedAsync(string sessionId, string kind, string contactKey, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.EventLedger);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(sessionId, $"{kind}|{contactKey}", select: ["RowKey"], cancellationToken: cancellationToken);
        return response.HasValue;
    }

    /// <summary>The rows recording mails to one registrant of a session (GDPR export counts them, erasure deletes them).</summary>
    public async Task<IReadOnlyList<string>> RowsOfAsync(string sessionId, string contactKey, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.EventLedger);
        var rows = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {sessionId}"), 1000, ["RowKey"], cancellationToken))
            if (row.RowKey.EndsWith("|" + contactKey, StringComparison.Ordinal)) rows.Add(row.RowKey);
        return rows;
    }

    /// <summary>Forgets what was mailed to one registrant of a session (their erasure).</summary>
    public async Task ForgetAsync(string sessionId, string contactKey, CancellationToken cancellationToken = default)
    {
        foreach (var rowKey in await RowsOfAsync(sessionId, contactKey, cancellationToken))
            await DeleteAsync(sessionId, rowKey, cancellationToken);
    }

    private async Task<bool> TryAddAsync(string partition, string rowKey, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableNames.EventLedger);
        return await table.TryAddAsync(new TableEntity(partition, rowKey) { ["At"] = clock.GetUtcNow() }, cancellationToken) == WriteOutcome.Written;
    }

    private async Task DeleteAsync(string partition, string rowKey, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableNames.EventLedger);
        await table.DeleteEntityAsync(partition, rowKey, ETag.All, cancellationToken);
    }
}

/// <summary>The ledger's mail kinds; each names exactly one version of one mail.</summary>
public static class LedgerKinds
{
    /// <summary>The invite at a given SEQUENCE (confirmation, promotion or update all count: the registrant holds that version).</summary>
    public static string Invite(int sequence) => $"invite-{sequence}";

    public static string Cancel(int sequence) => $"cancel-{sequence}";

    /// <summary>A reminder for one lead time and one start: a session moved after its reminder gets a new one.</summary>
    public static string Reminder(TimeSpan lead, DateTimeOffset startUtc) =>
        $"reminder-{System.Xml.XmlConvert.ToString(lead)}-{startUtc.UtcDateTime:yyyyMMddHHmm}";

    public static string Replay(string url) => $"replay-{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(url)))[..12]}";

    public static string Programme(DateTimeOffset startUtc) => $"programme-{startUtc.UtcDateTime:yyyyMMddHHmm}";
}
