using System.Text.Json;
using Azure.Data.Tables;
using Outreach.Core.Common.Storage;

namespace Outreach.Core.Audiences.Profiles;

/// <summary>The team's custom field definitions: one small partition, read whole.</summary>
public sealed class CustomFieldStore(StorageAccount storage)
{
    private const string Partition = "field";

    public async Task<CustomFieldSet> LoadAsync(CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.CustomFields);
        var fields = new List<CustomField>();
        await foreach (var entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, cancellationToken: cancellationToken))
            if (JsonSerializer.Deserialize<CustomField>(entity.GetString("Definition") ?? "null") is { } field) fields.Add(field);
        return new CustomFieldSet(fields.OrderBy(f => f.SortOrder).ThenBy(f => f.Id, StringComparer.Ordinal).ToList());
    }

    public async Task SaveAsync(CustomField field, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.CustomFields);
        await table.UpsertEntityAsync(new TableEntity(Partition, field.Id) { ["Definition"] = JsonSerializer.Serialize(field) }, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>False when there was no such field.</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.CustomFields);
        var response = await table.DeleteEntityAsync(Partition, id, Azure.ETag.All, cancellationToken);
        return response.Status != 404;
    }
}
