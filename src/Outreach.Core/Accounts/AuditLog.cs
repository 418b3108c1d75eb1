using System.ComponentModel.DataAnnotations;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Outreach.Core.Common.Storage;
using Outreach.Core.Subscriptions;

namespace Outreach.Core.Accounts;

/// <summary>One line of the audit log: who did what to what, when, from where, and how it ended.</summary>
public sealed record AuditEntry
{
    public required DateTimeOffset At { get; init; }

    /// <summary>The person's e-mail or the key's name.</summary>
    public required string Actor { get; init; }

    public required CallerKind ActorKind { get; init; }

    /// <summary>The role that allowed the action; for a refusal, the roles the caller had.</summary>
    public required string Role { get; init; }

    /// <summary>The function called, e.g. <c>AdminScheduleNewsletter</c>.</summary>
    public required string Action { get; init; }

    /// <summary>What it was done to, e.g. <c>newsletters/3f2a…/schedule</c>; a subscriber appears by contact key, never by address.</summary>
    public required string Target { get; init; }

    public required string Outcome { get; init; }

    /// <summary>The HTTP status answered.</summary>
    public required int Status { get; init; }

    /// <summary>The client's network (IPv4 /24, IPv6 /48).</summary>
    public string? IpPrefix { get; init; }
}

/// <summary>How an audited request ended.</summary>
public static class AuditOutcomes
{
    public const string Succeeded = "succeeded";
    public const string Refused = "refused";
    public const string Rejected = "rejected";
    public const string Failed = "failed";

    public static string Of(int status) => status switch
    {
        403 => Refused,
        >= 500 => Failed,
        >= 400 => Rejected,
        _ => Succeeded,
    };
}

/// <summary>Filters of <c>GET /api/admin/audit</c>; all optional.</summary>
public sealed record AuditQuery(string? Actor = null, string? Action = null, string? Target = null, DateTimeOffset? From = null, DateTimeOffset? To = null);

public sealed class AccountsOptions
{
    public const string Section = "Accounts";

    /// <summary>Days the audit log keeps an entry; the nightly purge deletes older ones.</summary>
    [Range(30, 3650)]
    public int AuditRetentionDays { get; set; } = 365;
}

/// <summary>
/// The organisation's record of admin actions: an append-only table, newest first (row keys are inverted ticks), one
/// partition (the log is small and read by period). Entries are only ever added, and deleted by age, never edited;
/// a subscriber's erasure leaves them alone, as they hold no address: a subscriber is named by the peppered key.
/// </summary>
public sealed class AuditLog(StorageAccount storage, TimeProvider clock, IOptions<AccountsOptions> options, SuppressionKeys keys)
{
    public const int MaxPageSize = 200;
    private const string Partition = "audit";

    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.AuditLog);
        var suffix = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));
        await table.AddEntityAsync(new TableEntity(Partition, $"{Inverted(entry.At)}-{suffix}")
        {
            ["At"] = entry.At,
            ["Actor"] = entry.Actor,
            ["ActorKind"] = entry.ActorKind.ToString().ToLowerInvariant(),
            ["Role"] = entry.Role,
            ["Action"] = entry.Action,
            ["Target"] = entry.Target,
            ["Outcome"] = entry.Outcome,
            ["Status"] = entry.Status,
            ["IpPrefix"] = entry.IpPrefix,
            ["SubjectKey"] = PepperedSubject,
        }, cancellationToken);
    }

    /// <summary>
    /// Re-keys the subscribers named in entries written before the pepper (their unpeppered contact key, which a dictionary
    /// of addresses could match) to their peppered key. Safe to run again: a re-keyed entry is marked.
    /// </summary>
    public async Task<int> RekeyLegacySubjectsAsync(CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.AuditLog);
        var rekeyed = 0;
        foreach (var prefix in SubjectRoutes)
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and Target ge {prefix} and Target lt {prefix[..^1] + "0"}");
            await foreach (var row in table.QueryAsync<TableEntity>(filter, 1000, ["PartitionKey", "RowKey", "Target", "SubjectKey"], cancellationToken))
            {
                if (row.GetString("SubjectKey") == PepperedSubject) continue;
                var target = row.GetString("Target") ?? "";
                var segments = target.Split('/');
                if (segments.Length > 1 && segments[1].Length == 32 && segments[1].All(char.IsAsciiHexDigitLower)) segments[1] = keys.Of(segments[1]);
                var update = new TableEntity(row.PartitionKey, row.RowKey) { ["Target"] = string.Join('/', segments), ["SubjectKey"] = PepperedSubject };
                await table.UpdateEntityAsync(update, ETag.All, TableUpdateMode.Merge, cancellationToken);
                rekeyed++;
            }
        }

        return rekeyed;
    }

    /// <summary>The entries that name a subscriber (by peppered key): what the GDPR export lists as held in the audit log.</summary>
    public async Task<int> CountAboutAsync(EmailAddress address, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.AuditLog);
        var key = keys.Of(address);
        var count = 0;
        foreach (var prefix in SubjectRoutes)
        {
            var target = prefix + key;
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and (Target eq {target} or (Target ge {target + "/"} and Target lt {target + "0"}))");
            await foreach (var unused in table.QueryAsync<TableEntity>(filter, 1000, ["RowKey"], cancellationToken)) count++;
        }

        return count;
    }

    private const string PepperedSubject = "peppered";

    /// <summary>The admin routes whose second segment names a subscriber.</summary>
    private static readonly string[] SubjectRoutes = ["subscribers/", "suppressions/"];

    /// <summary>One page, newest first, or <see cref="TablePage{T}.InvalidToken"/> for a token this log did not give.</summary>
    public async Task<TablePage<AuditEntry>> PageAsync(
        AuditQuery query, int pageSize, string? continuationToken, CancellationToken cancellationToken = default)
    {
        if (!ContinuationTokens.IsWellFormed(continuationToken)) return TablePage<AuditEntry>.RefusedToken;
        var table = await storage.TableAsync(TableNames.AuditLog);
        var token = continuationToken;
        try
        {
            // Property filters can leave a page of the scan empty; skip those so a caller sees entries or the end.
            do
            {
                await foreach (var page in table.QueryAsync<TableEntity>(Filter(query), pageSize, cancellationToken: cancellationToken).AsPages(token, pageSize))
                {
                    token = page.ContinuationToken;
                    if (page.Values.Count > 0 || token is null) return new(page.Values.Select(FromEntity).ToList(), token);
                    break;
                }
            }
            while (token is not null);
        }
        catch (Exception e) when (ContinuationTokens.IsRefusal(e, continuationToken))
        {
            return TablePage<AuditEntry>.RefusedToken;
        }

        return new([], null);
    }

    /// <summary>Deletes the entries older than the retention period; returns how many.</summary>
    public async Task<int> PurgeAsync(CancellationToken cancellationToken = default)
    {
        var cutoff = clock.GetUtcNow().AddDays(-options.Value.AuditRetentionDays);
        var table = await storage.TableAsync(TableNames.AuditLog);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey gt {Inverted(cutoff)}");
        var deleted = 0;
        var batch = new List<TableTransactionAction>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            batch.Add(new TableTransactionAction(TableTransactionActionType.Delete, entity, ETag.All));
            if (batch.Count == 100) deleted += await SubmitAsync(table, batch, cancellationToken);
        }

        return deleted + await SubmitAsync(table, batch, cancellationToken);
    }

    private static async Task<int> SubmitAsync(TableClient table, List<TableTransactionAction> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0) return 0;
        await table.SubmitTransactionAsync(batch, cancellationToken);
        var count = batch.Count;
        batch.Clear();
        return count;
    }

    private string Filter(AuditQuery query)
    {
        var clauses = new List<string> { TableClient.CreateQueryFilter($"PartitionKey eq {Partition}") };
        // Newer entries have smaller row keys: "from" bounds the row key from above, "to" from below.
        if (query.From is { } from) clauses.Add(TableClient.CreateQueryFilter($"RowKey lt {Inverted(from) + "~"}"));
        if (query.To is { } to) clauses.Add(TableClient.CreateQueryFilter($"RowKey ge {Inverted(to)}"));
        if (!string.IsNullOrWhiteSpace(query.Actor)) clauses.Add(TableClient.CreateQueryFilter($"Actor eq {query.Actor.Trim()}"));
        if (!string.IsNullOrWhiteSpace(query.Action)) clauses.Add(TableClient.CreateQueryFilter($"Action eq {query.Action.Trim()}"));
        if (!string.IsNullOrWhiteSpace(query.Target))
        {
            // The target itself and everything under it: "newsletters/abc" finds "newsletters/abc/schedule" too.
            var target = AsRecorded(query.Target.Trim().TrimEnd('/'));
            clauses.Add(TableClient.CreateQueryFilter($"(Target eq {target} or (Target ge {target + "/"} and Target lt {target + "0"}))"));
        }

        return string.Join(" and ", clauses);
    }

    /// <summary>
    /// A target as the log writes it: an address in it becomes its peppered key (<see cref="SuppressionKeys"/>), so that
    /// "subscribers/marie@example.org" finds what was done to Marie although the log never holds her address, nor a key
    /// that a dictionary of addresses could match once she is erased.
    /// </summary>
    internal string AsRecorded(string target) => string.Join('/', target.Split('/').Select(segment =>
        segment.Contains('@', StringComparison.Ordinal) && EmailAddress.TryParse(Uri.UnescapeDataString(segment), out var address) ? keys.Of(address) : segment));

    private static string Inverted(DateTimeOffset at) => (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", System.Globalization.CultureInfo.InvariantCulture);

    private static AuditEntry FromEntity(TableEntity e) => new()
    {
        At = e.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue,
        Actor = e.GetString("Actor") ?? "",
        ActorKind = Enum.TryParse<CallerKind>(e.GetString("ActorKind"), ignoreCase: true, out var kind) ? kind : CallerKind.Person,
        Role = e.GetString("Role") ?? "",
        Action = e.GetString("Action") ?? "",
        Target = e.GetString("Target") ?? "",
        Outcome = e.GetString("Outcome") ?? "",
        Status = e.GetInt32("Status") ?? 0,
        IpPrefix = e.GetString("IpPrefix"),
    };
}
