using Azure;
using Azure.Data.Tables;
using Outreach.Core.Common.Storage;

namespace Outreach.Core.Newsletters;

/// <summary>Templates in one table partition; the defaults are added the first time they are missing.</summary>
public sealed class TemplateStore(StorageAccount storage, TimeProvider clock)
{
    private const string Partition = "template";
    private bool seeded;

    public async Task<NewsletterTemplate?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        var table = await SeededTableAsync(cancellationToken);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(Partition, id, cancellationToken: cancellationToken);
        return found.HasValue ? ToTemplate(found.Value!) : null;
    }

    public async Task<IReadOnlyList<NewsletterTemplate>> ListAsync(CancellationToken cancellationToken = default)
    {
        var table = await SeededTableAsync(cancellationToken);
        var templates = new List<NewsletterTemplate>();
        await foreach (var entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, cancellationToken: cancellationToken))
            templates.Add(ToTemplate(entity));
        return templates;
    }

    /// <summary>Adds a template; false when the id is taken.</summary>
    public async Task<bool> TryAddAsync(NewsletterTemplate template, CancellationToken cancellationToken = default)
    {
        var table = await SeededTableAsync(cancellationToken);
        return await TryAddAsync(table, template with { UpdatedAt = clock.GetUtcNow() }, cancellationToken);
    }

    /// <summary>Replaces a template; false when it does not exist.</summary>
    public async Task<bool> TryReplaceAsync(NewsletterTemplate template, CancellationToken cancellationToken = default)
    {
        var table = await SeededTableAsync(cancellationToken);
        return (await table.TryUpdateAsync(ToEntity(template with { UpdatedAt = clock.GetUtcNow() }), ETag.All, TableUpdateMode.Replace, cancellationToken)).Written;
    }

    private async Task<TableClient> SeededTableAsync(CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableNames.Templates);
        if (seeded) return table;
        foreach (var template in DefaultTemplates.All)
            await TryAddAsync(table, template with { UpdatedAt = clock.GetUtcNow() }, cancellationToken);
        seeded = true;
        return table;
    }

    private static async Task<bool> TryAddAsync(TableClient table, NewsletterTemplate template, CancellationToken cancellationToken) =>
        await table.TryAddAsync(ToEntity(template), cancellationToken) == WriteOutcome.Written;

    private static TableEntity ToEntity(NewsletterTemplate template)
    {
        var entity = new TableEntity(Partition, template.Id)
        {
            ["Name"] = template.Name,
            ["Kind"] = template.Kind,
            ["UpdatedAt"] = template.UpdatedAt,
        };
        TableText.Write(entity, "Source", template.Source);
        return entity;
    }

    private static NewsletterTemplate ToTemplate(TableEntity entity) => new()
    {
        Id = entity.RowKey,
        Name = entity.GetString("Name") ?? "",
        Kind = entity.GetString("Kind") ?? TemplateKind.Newsletter,
        Source = TableText.Read(entity, "Source"),
        UpdatedAt = entity.GetDateTimeOffset("UpdatedAt") ?? default,
        ETag = entity.ETag,
    };
}

/// <summary>Long text in a table entity: split over numbered properties, since one string property holds at most 32K characters.</summary>
internal static class TableText
{
    public const int ChunkLength = 30_000;
    public const int MaxChunks = 20;

    public static void Write(TableEntity entity, string name, string text)
    {
        var chunks = text.Chunk(ChunkLength).Select(c => new string(c)).ToList();
        if (chunks.Count > MaxChunks) throw new ArgumentException($"{name} is longer than {ChunkLength * MaxChunks} characters.");
        entity[name + "Chunks"] = chunks.Count;
        for (var i = 0; i < chunks.Count; i++) entity[$"{name}{i}"] = chunks[i];
    }

    public static string Read(TableEntity entity, string name)
    {
        var count = entity.GetInt32(name + "Chunks") ?? 0;
        return string.Concat(Enumerable.Range(0, count).Select(i => entity.GetString($"{name}{i}") ?? ""));
    }
}
