using Azure;
using Azure.Data.Tables;
using Outreach.Core.Common.Storage;
using Outreach.Core.Newsletters;

namespace Outreach.Core.Mail.Templates;

/// <summary>A mail template as stored: one language, one name, its Liquid source.</summary>
public sealed record StoredMailTemplate(string Language, string Name, string Source, DateTimeOffset UpdatedAt);

/// <summary>
/// The mail templates the team edits, in one table partition (RowKey <c>fr.confirmation</c>). The shipped files are
/// seeded the first time the table is read (one query and one batch), and never overwrite an edited template.
/// </summary>
public sealed class MailTemplateStore(StorageAccount storage, TimeProvider clock) : IMailTemplateSource
{
    private const string Partition = "mail";
    private bool seeded;

    /// <summary>The stored source, else the shipped one.</summary>
    public async Task<string> SourceAsync(string language, string name, CancellationToken cancellationToken = default) =>
        (await FindAsync(language, name, cancellationToken))?.Source
        ?? ShippedMailTemplates.Find(language, name)
        ?? throw new ArgumentException($"No mail template {language}/{name}.", nameof(name));

    public async Task<StoredMailTemplate?> FindAsync(string language, string name, CancellationToken cancellationToken = default)
    {
        var table = await SeededTableAsync(cancellationToken);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(Partition, RowKey(language, name), cancellationToken: cancellationToken);
        return found.HasValue ? ToTemplate(found.Value!) : null;
    }

    public async Task<IReadOnlyList<StoredMailTemplate>> ListAsync(CancellationToken cancellationToken = default)
    {
        var table = await SeededTableAsync(cancellationToken);
        return await ReadAllAsync(table, cancellationToken);
    }

    /// <summary>Writes a template (replacing the stored one).</summary>
    public async Task<StoredMailTemplate> SaveAsync(string language, string name, string source, CancellationToken cancellationToken = default)
    {
        var table = await SeededTableAsync(cancellationToken);
        var template = new StoredMailTemplate(language, name, source, clock.GetUtcNow());
        await table.UpsertEntityAsync(ToEntity(template), TableUpdateMode.Replace, cancellationToken);
        return template;
    }

    private async Task<TableClient> SeededTableAsync(CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableNames.MailTemplates);
        if (seeded) return table;
        var present = (await ReadAllAsync(table, cancellationToken)).Select(t => RowKey(t.Language, t.Name)).ToHashSet(StringComparer.Ordinal);
        var missing = ShippedMailTemplates.All.Where(t => !present.Contains(RowKey(t.Language, t.Name)))
            .Select(t => new TableTransactionAction(TableTransactionActionType.Add, ToEntity(new StoredMailTemplate(t.Language, t.Name, t.Source, clock.GetUtcNow()))))
            .ToList();
        // Another instance seeding at the same time writes the same files: its rows are as good as ours.
        if (missing.Count > 0) await table.TrySubmitAsync(missing, cancellationToken);

        seeded = true;
        return table;
    }

    private static async Task<List<StoredMailTemplate>> ReadAllAsync(TableClient table, CancellationToken cancellationToken)
    {
        var templates = new List<StoredMailTemplate>();
        await foreach (var entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, cancellationToken: cancellationToken))
            templates.Add(ToTemplate(entity));
        return templates;
    }

    private static string RowKey(string language, string name) => $"{language}.{name}";

    private static TableEntity ToEntity(StoredMailTemplate template)
    {
        var entity = new TableEntity(Partition, RowKey(template.Language, template.Name))
        {
            ["Language"] = template.Language,
            ["Name"] = template.Name,
            ["UpdatedAt"] = template.UpdatedAt,
        };
        TableText.Write(entity, "Source", template.Source);
        return entity;
    }

    private static StoredMailTemplate ToTemplate(TableEntity entity) =>
        new(entity.GetString("Language") ?? "", entity.GetString("Name") ?? "", TableText.Read(entity, "Source"), entity.GetDateTimeOffset("UpdatedAt") ?? default);
}
