using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Outreach.Core.Common.Storage;

namespace Outreach.Core.Audiences.Segments;

/// <summary>The team's segments: one small partition.</summary>
public sealed class SegmentStore(StorageAccount storage)
{
    private const string Partition = "segment";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task AddAsync(Segment segment, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Segments);
        await table.AddEntityAsync(new TableEntity(Partition, segment.Id)
        {
            ["Name"] = segment.Name,
            ["AudienceId"] = segment.AudienceId,
            ["Where"] = JsonSerializer.Serialize(segment.Where, Json),
            ["CreatedAt"] = segment.CreatedAt,
        }, cancellationToken);
    }

    public async Task<Segment?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!Segment.IsWellFormedId(id)) return null;
        var table = await storage.TableAsync(TableNames.Segments);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(Partition, id, cancellationToken: cancellationToken);
        return response.HasValue ? ToSegment(response.Value!) : null;
    }

    public async Task<IReadOnlyList<Segment>> ListAsync(CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Segments);
        var segments = new List<Segment>();
        await foreach (var entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, cancellationToken: cancellationToken))
            segments.Add(ToSegment(entity));
        return segments.OrderBy(s => s.Name, StringComparer.CurrentCulture).ToList();
    }

    /// <summary>False when there was no such segment.</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!Segment.IsWellFormedId(id)) return false;
        var table = await storage.TableAsync(TableNames.Segments);
        try
        {
            await table.DeleteEntityAsync(Partition, id, ETag.All, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }
    }

    private static Segment ToSegment(TableEntity e) => new()
    {
        Id = e.RowKey,
        Name = e.GetString("Name") ?? "",
        AudienceId = e.GetString("AudienceId") ?? "",
        Where = JsonSerializer.Deserialize<SegmentFilter>(e.GetString("Where") ?? "{}", Json) ?? new SegmentFilter(),
        CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? default,
    };
}
