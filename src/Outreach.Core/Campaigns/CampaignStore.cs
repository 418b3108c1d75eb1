using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using Outreach.Core.Audiences.Segments;
using Outreach.Core.Common.Storage;
using Outreach.Core.Common.Time;

namespace Outreach.Core.Campaigns;

/// <summary>A campaign's row: what it is, where it stands. Its content lives in a blob (<see cref="CampaignStore.ReadContentAsync"/>).</summary>
public sealed record Campaign : CampaignFacts
{
    /// <summary>The segment's filter as it was when the campaign was made (the planner reads no segment).</summary>
    public SegmentFilter? SegmentFilter { get; init; }
    public ETag ETag { get; init; }
}

/// <summary>What claiming a repeat key found: this caller's claim, or the campaign an earlier request made with the key.</summary>
public sealed record SourceClaim(bool Claimed, string CampaignId, string Fingerprint);

/// <summary>
/// Campaign rows (table), their content (blob, written once), the schedule index of campaigns waiting for their time,
/// and the repeat keys (source ids, Idempotency-Keys) each naming the campaign it made.
/// </summary>
public sealed class CampaignStore(StorageAccount storage)
{
    private const string Row = "campaign";
    private const string DuePartition = "due";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A new, sortable campaign id (time-ordered, 32 hex characters).</summary>
    public static string NewId() => Guid.CreateVersion7().ToString("N");

    /// <summary>Stores the content first, then the row: a row never points at missing content.</summary>
    public async Task AddAsync(Campaign campaign, CampaignDraft content, CancellationToken cancellationToken = default)
    {
        var container = await storage.ContainerAsync(ContainerNames.CampaignContent);
        await container.GetBlobClient(campaign.Id + ".json").UploadAsync(BinaryData.FromObjectAsJson(content, Json), overwrite: true, cancellationToken);
        var table = await storage.TableAsync(TableNames.Campaigns);
        await table.AddEntityAsync(ToEntity(campaign), cancellationToken);
    }

    /// <summary>
    /// Writes a campaign due at <see cref="Campaign.DueAt"/> in state <c>scheduled</c> unless a row with its id exists: the
    /// content (kept when already there), the schedule index row, then the campaign row. From the index row on, the
    /// dispatcher starts it even if nothing else happens. False when the row was there already (an earlier attempt).
    /// </summary>
    public async Task<bool> TryAddScheduledAsync(Campaign campaign, CampaignDraft content, CancellationToken cancellationToken = default)
    {
        var container = await storage.ContainerAsync(ContainerNames.CampaignContent);
        try
        {
            await container.GetBlobClient(campaign.Id + ".json").UploadAsync(BinaryData.FromObjectAsJson(content, Json),
                new Azure.Storage.Blobs.Models.BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // Written by an earlier attempt of the same hand-over: that content stands.
        }

        await AddToScheduleAsync(campaign.Id, campaign.DueAt!.Value, cancellationToken);
        var table = await storage.TableAsync(TableNames.Campaigns);
        return await table.TryAddAsync(ToEntity(campaign), cancellationToken) == WriteOutcome.Written;
    }

    public async Task<Campaign?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!IsWellFormedId(id)) return null;
        var table = await storage.TableAsync(TableNames.Campaigns);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(id, Row, cancellationToken: cancellationToken);
        return response.HasValue ? ToCampaign(response.Value!) : null;
    }

    public async Task<CampaignDraft> ReadContentAsync(string id, CancellationToken cancellationToken = default)
    {
        var container = await storage.ContainerAsync(ContainerNames.CampaignContent);
        var content = await container.GetBlobClient(id + ".json").DownloadContentAsync(cancellationToken);
        return content.Value.Content.ToObjectFromJson<CampaignDraft>(Json) ?? throw new InvalidOperationException($"Campaign {id} has empty content.");
    }

    /// <summary>Writes a changed row if nobody changed it since it was read (ETag); false when someone did.</summary>
    public async Task<bool> TryReplaceAsync(Campaign campaign, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Campaigns);
        return (await table.TryUpdateAsync(ToEntity(campaign), campaign.ETag, TableUpdateMode.Replace, cancellationToken)).Written;
    }

    /// <summary>Campaigns in one state (a small table: one row per campaign ever made).</summary>
    public async IAsyncEnumerable<Campaign> ListInStateAsync(string state, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Campaigns);
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"State eq {state}"), cancellationToken: cancellationToken))
            yield return ToCampaign(entity);
    }

    /// <summary>The most recent campaigns first (ids are time-ordered).</summary>
    public async Task<IReadOnlyList<Campaign>> ListRecentAsync(int count, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Campaigns);
        var all = new List<Campaign>();
        await foreach (var entity in table.QueryAsync<TableEntity>(cancellationToken: cancellationToken)) all.Add(ToCampaign(entity));
        return all.OrderByDescending(c => c.Id, StringComparer.Ordinal).Take(count).ToList();
    }

    // ---- repeat keys ----

    /// <summary>
    /// Claims <paramref name="key"/> for <paramref name="campaignId"/> by a conditional insert; when the key was claimed
    /// before, the claim found (its campaign id and the fingerprint of the request that made it).
    /// </summary>
    public async Task<SourceClaim> ClaimSourceAsync(string key, string campaignId, string fingerprint, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.CampaignSources);
        var partition = SourcePartition(key);
        var row = new TableEntity(partition, SourceRow)
        {
            ["Key"] = key.Length > 1000 ? key[..1000] : key,
            ["CampaignId"] = campaignId,
            ["Fingerprint"] = fingerprint,
        };
        if (await table.TryAddAsync(row, cancellationToken) == WriteOutcome.Written) return new SourceClaim(true, campaignId, fingerprint);
        var found = (await table.GetEntityAsync<TableEntity>(partition, SourceRow, cancellationToken: cancellationToken)).Value;
        return new SourceClaim(false, found.GetString("CampaignId") ?? "", found.GetString("Fingerprint") ?? "");
    }

    /// <summary>The campaign a repeat key made, or null.</summary>
    public async Task<string?> FindSourceAsync(string key, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.CampaignSources);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(SourcePartition(key), SourceRow, cancellationToken: cancellationToken);
        return found.HasValue ? found.Value!.GetString("CampaignId") : null;
    }

    private const string SourceRow = "source";

    private static string SourcePartition(string key) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));

    // ---- schedule index ----

    public async Task AddToScheduleAsync(string id, DateTimeOffset dueAt, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.CampaignSchedule);
        await table.UpsertEntityAsync(new TableEntity(DuePartition, ScheduleKey(id, dueAt)) { ["CampaignId"] = id, ["DueAt"] = dueAt }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task RemoveFromScheduleAsync(string id, DateTimeOffset dueAt, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.CampaignSchedule);
        await table.DeleteEntityAsync(DuePartition, ScheduleKey(id, dueAt), ETag.All, cancellationToken);
    }

    /// <summary>Campaign ids due at or before <paramref name="now"/>, earliest first.</summary>
    public async Task<IReadOnlyList<(string Id, DateTimeOffset DueAt)>> DueAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.CampaignSchedule);
        var upTo = $"{now.UtcTicks:D19}~";
        var due = new List<(string, DateTimeOffset)>();
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {DuePartition} and RowKey le {upTo}"), cancellationToken: cancellationToken))
            due.Add((entity.GetString("CampaignId") ?? "", entity.GetDateTimeOffset("DueAt") ?? now));
        return due;
    }

    private static string ScheduleKey(string id, DateTimeOffset dueAt) => $"{dueAt.UtcTicks:D19}-{id}";

    /// <summary>Ids are what <see cref="NewId"/> makes: refuses anything else before it reaches a query.</summary>
    public static bool IsWellFormedId(string? id) => id is { Length: 32 } && id.All(char.IsAsciiHexDigitLower);

    private static TableEntity ToEntity(Campaign c) => new(c.Id, Row)
    {
        ["Kind"] = c.Kind,
        ["SourceId"] = c.SourceId,
        ["Subject"] = c.Subject.Length > 30_000 ? c.Subject[..30_000] : c.Subject,
        ["Audiences"] = JsonSerializer.Serialize(c.Audiences, Json),
        ["Segment"] = c.Segment,
        ["SegmentFilter"] = c.SegmentFilter is null ? null : JsonSerializer.Serialize(c.SegmentFilter, Json),
        ["Categories"] = JsonSerializer.Serialize(c.Categories, Json),
        ["Language"] = c.Language,
        ["TrackOpens"] = c.TrackOpens,
        ["State"] = c.State,
        ["SendAt"] = c.SendAt?.ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
        ["TimeZone"] = c.TimeZone,
        ["DueAt"] = c.DueAt,
        ["CreatedAt"] = c.CreatedAt,
        ["StartedAt"] = c.StartedAt,
        ["FinishedAt"] = c.FinishedAt,
        ["CancelledAt"] = c.CancelledAt,
    };

    private static Campaign ToCampaign(TableEntity e) => new()
    {
        Id = e.PartitionKey,
        Kind = e.GetString("Kind") ?? CampaignKinds.OneOff,
        SourceId = e.GetString("SourceId"),
        Subject = e.GetString("Subject") ?? "",
        Audiences = JsonSerializer.Deserialize<List<string>>(e.GetString("Audiences") ?? "[]", Json) ?? [],
        Segment = e.GetString("Segment"),
        SegmentFilter = e.GetString("SegmentFilter") is { Length: > 0 } where ? JsonSerializer.Deserialize<SegmentFilter>(where, Json) : null,
        Categories = JsonSerializer.Deserialize<List<string>>(e.GetString("Categories") ?? "[]", Json) ?? [],
        Language = e.GetString("Language") ?? "fr",
        TrackOpens = e.GetBoolean("TrackOpens") ?? false,
        State = e.GetString("State") ?? CampaignStates.Draft,
        SendAt = ZonedTime.TryParseLocal(e.GetString("SendAt"), out var local) ? local : null,
        TimeZone = e.GetString("TimeZone"),
        DueAt = e.GetDateTimeOffset("DueAt"),
        CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? default,
        StartedAt = e.GetDateTimeOffset("StartedAt"),
        FinishedAt = e.GetDateTimeOffset("FinishedAt"),
        CancelledAt = e.GetDateTimeOffset("CancelledAt"),
        ETag = e.ETag,
    };
}
