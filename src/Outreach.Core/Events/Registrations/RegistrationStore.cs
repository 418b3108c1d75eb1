using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Outreach.Core.Common.Storage;

namespace Outreach.Core.Events.Registrations;

/// <summary>How many seats of a session are taken, with the ETag that makes taking one conditional.</summary>
public sealed record SeatCount(int Taken, ETag ETag)
{
    public bool Exists => ETag != default;
}

/// <summary>
/// Registrations: PartitionKey = session id, RowKey = contact key, so one session's registrants are one partition
/// that fan-outs page through. The partition also holds the seat counter (RowKey <c>!seats</c>, sorted before every
/// contact key), written in the same transaction as the registration that takes or frees a seat: capacity can never
/// be exceeded by two people registering at once. A reverse index (contact → sessions) serves export and erasure.
/// </summary>
public sealed class RegistrationStore(StorageAccount storage)
{
    public const string SeatsRow = "!seats";

    /// <summary>Every contact key (hex) sorts at or after this; the seat counter sorts before.</summary>
    private const string FirstContactKey = "0";

    private const string LastContactKey = "~";

    public async Task<Registration?> FindAsync(string sessionId, string contactKey, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.EventRegistrations);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(sessionId, contactKey, cancellationToken: cancellationToken);
        return response.HasValue ? ToRegistration(response.Value!) : null;
    }

    public async Task<SeatCount> ReadSeatsAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.EventRegistrations);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(sessionId, SeatsRow, cancellationToken: cancellationToken);
        return response.HasValue ? new SeatCount(response.Value!.GetInt32("Taken") ?? 0, response.Value.ETag) : new SeatCount(0, default);
    }

    /// <summary>Writes a registration that takes a seat and counts the seat, atomically. False when either changed meanwhile.</summary>
    public Task<bool> TryTakeSeatAsync(Registration registration, SeatCount seats, CancellationToken cancellationToken = default) =>
        TrySubmitAsync(registration.SessionId, [Write(registration), CountSeats(registration.SessionId, seats, seats.Taken + 1)], cancellationToken);

    /// <summary>Writes a registration that gives its seat back and uncounts it, atomically. False when either changed meanwhile.</summary>
    public Task<bool> TryFreeSeatAsync(Registration registration, SeatCount seats, CancellationToken cancellationToken = default) =>
        TrySubmitAsync(registration.SessionId, [Write(registration), CountSeats(registration.SessionId, seats, Math.Max(0, seats.Taken - 1))], cancellationToken);

    /// <summary>Writes a registration whose seat does not change (waitlisted, attendance…). False when it changed meanwhile.</summary>
    public Task<bool> TrySaveAsync(Registration registration, CancellationToken cancellationToken = default) =>
        TrySubmitAsync(registration.SessionId, [Write(registration)], cancellationToken);

    /// <summary>Waitlisted registrations, first come first served.</summary>
    public async Task<IReadOnlyList<Registration>> ListWaitlistedAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.EventRegistrations);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {sessionId} and RowKey ge {FirstContactKey} and Status eq {RegistrationStatus.Waitlisted}");
        var waiting = new List<Registration>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            waiting.Add(ToRegistration(entity));
        return waiting.OrderBy(r => r.WaitlistedAt ?? r.RegisteredAt).ThenBy(r => r.ContactKey, StringComparer.Ordinal).ToList();
    }

    public async Task<TablePage<Registration>> PageAsync(
        string sessionId, string? status, int pageSize, string? continuationToken, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.EventRegistrations);
        var filter = status is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {sessionId} and RowKey ge {FirstContactKey}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {sessionId} and RowKey ge {FirstContactKey} and Status eq {status}");
        return await TablePage<Registration>.ReadAsync(table.QueryAsync<TableEntity>(filter, pageSize, cancellationToken: cancellationToken), continuationToken, pageSize, ToRegistration);
    }

    /// <summary>Every registration of a session, page by page (never the whole list in memory).</summary>
    public IAsyncEnumerable<IReadOnlyList<Registration>> StreamAsync(string sessionId, CancellationToken cancellationToken = default) =>
        TablePage<Registration>.StreamAsync(token => PageAsync(sessionId, null, 1000, token, cancellationToken));

    /// <summary>
    /// Cuts a session's registrants into contact-key ranges of about <paramref name="pageSize"/>: the first range is
    /// open below and the last open above, so someone registering while the ranges are processed is still covered.
    /// </summary>
    public async Task<IReadOnlyList<KeyRange>> PlanKeyRangesAsync(string sessionId, int pageSize, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.EventRegistrations);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {sessionId} and RowKey ge {FirstContactKey}");
        var starts = new List<string>();
        var count = 0;
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            if (count % pageSize == 0) starts.Add(entity.RowKey);
            count++;
        }

        if (starts.Count == 0) return [new KeyRange(FirstContactKey, LastContactKey)];
        var ranges = new List<KeyRange>();
        for (var i = 0; i < starts.Count; i++)
        {
            var from = i == 0 ? FirstContactKey : starts[i];
            var before = i == starts.Count - 1 ? null : starts[i + 1];
            ranges.Add(new KeyRange(from, before ?? LastContactKey, UpperInclusive: before is null));
        }

        return ranges;
    }

    /// <summary>The registrations whose contact key falls in <paramref name="range"/>.</summary>
    public async Task<IReadOnlyList<Registration>> ListRangeAsync(string sessionId, KeyRange range, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.EventRegistrations);
        var from = string.CompareOrdinal(range.From, FirstContactKey) < 0 ? FirstContactKey : range.From;
        var filter = range.UpperInclusive
            ? TableClient.CreateQueryFilter($"PartitionKey eq {sessionId} and RowKey ge {from} and RowKey le {range.To}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {sessionId} and RowKey ge {from} and RowKey lt {range.To}");
        var items = new List<Registration>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
            items.Add(ToRegistration(entity));
        return items;
    }

    public async Task<Dictionary<string, int>> CountByStatusAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.EventRegistrations);
        var counts = RegistrationStatus.All.ToDictionary(s => s, _ => 0);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {sessionId} and RowKey ge {FirstContactKey}");
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["Status"], cancellationToken: cancellationToken))
        {
            var status = entity.GetString("Status") ?? "";
            counts[status] = counts.GetValueOrDefault(status) + 1;
        }

        return counts;
    }

    public async Task DeleteAsync(string sessionId, string contactKey, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.EventRegistrations);
        await table.DeleteEntityAsync(sessionId, contactKey, ETag.All, cancellationToken);
    }

    // ---- reverse index: contact → sessions ----

    public async Task IndexAsync(string contactKey, string sessionId, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.EventContacts);
        await table.UpsertEntityAsync(new TableEntity(contactKey, sessionId), TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<string>> ListSessionIdsAsync(string contactKey, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.EventContacts);
        var ids = new List<string>();
        await foreach (var entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == contactKey, select: ["RowKey"], cancellationToken: cancellationToken))
            ids.Add(entity.RowKey);
        return ids;
    }

    public async Task DeleteIndexAsync(string contactKey, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.EventContacts);
        await table.DeletePartitionAsync(contactKey, keep: _ => false, cancellationToken);
    }

    private async Task<bool> TrySubmitAsync(string sessionId, IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableNames.EventRegistrations);
        return (await table.TrySubmitAsync(actions, cancellationToken)).Outcome == WriteOutcome.Written;
    }

    private static TableTransactionAction Write(Registration registration) =>
        registration.ETag == default
            ? new TableTransactionAction(TableTransactionActionType.Add, ToEntity(registration))
            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, ToEntity(registration), registration.ETag);

    private static TableTransactionAction CountSeats(string sessionId, SeatCount seats, int taken)
    {
        var entity = new TableEntity(sessionId, SeatsRow) { ["Taken"] = taken };
        return seats.Exists
            ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, seats.ETag)
            : new TableTransactionAction(TableTransactionActionType.Add, entity);
    }

    private static TableEntity ToEntity(Registration r) => new(r.SessionId, r.ContactKey)
    {
        ["Email"] = r.Email,
        ["FirstName"] = r.FirstName,
        ["Language"] = r.Language,
        ["Status"] = r.Status,
        ["RegisteredAt"] = r.RegisteredAt,
        ["SeatSince"] = r.SeatSince,
        ["WaitlistedAt"] = r.WaitlistedAt,
        ["CancelledAt"] = r.CancelledAt,
        ["LastMailAt"] = r.LastMailAt,
        ["Source"] = r.Source,
        ["SeriesId"] = r.SeriesId,
        ["Attended"] = r.Attended,
        ["JoinedAt"] = r.JoinedAt,
        ["Answers"] = r.Answers.Count == 0 ? null : JsonSerializer.Serialize(r.Answers),
    };

    private static Registration ToRegistration(TableEntity e) => new()
    {
        SessionId = e.PartitionKey,
        ContactKey = e.RowKey,
        Email = e.GetString("Email") ?? "",
        FirstName = e.GetString("FirstName"),
        Language = e.GetString("Language") ?? "fr",
        Status = e.GetString("Status") ?? RegistrationStatus.Registered,
        RegisteredAt = e.GetDateTimeOffset("RegisteredAt") ?? default,
        SeatSince = e.GetDateTimeOffset("SeatSince"),
        WaitlistedAt = e.GetDateTimeOffset("WaitlistedAt"),
        CancelledAt = e.GetDateTimeOffset("CancelledAt"),
        LastMailAt = e.GetDateTimeOffset("LastMailAt"),
        Source = e.GetString("Source"),
        SeriesId = e.GetString("SeriesId"),
        Attended = e.GetBoolean("Attended"),
        JoinedAt = e.GetDateTimeOffset("JoinedAt"),
        Answers = e.GetString("Answers") is { Length: > 0 } answers
            ? JsonSerializer.Deserialize<Dictionary<string, IReadOnlyList<string>>>(answers) ?? []
            : new Dictionary<string, IReadOnlyList<string>>(),
        ETag = e.ETag,
    };
}

/// <summary>A range of contact keys: <see cref="From"/> included, <see cref="To"/> excluded unless <see cref="UpperInclusive"/>.</summary>
public sealed record KeyRange(string From, string To, bool UpperInclusive = false);
