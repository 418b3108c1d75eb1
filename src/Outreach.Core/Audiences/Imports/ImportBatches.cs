namespace Outreach.Core.Audiences.Imports;

/// <summary>Contacts cut into batches a writer takes: sorted by contact key, so each batch is one narrow key range.</summary>
public static class ImportBatches
{
    public static IReadOnlyList<IReadOnlyList<ImportedContact>> Of(IEnumerable<ImportedContact> contacts) =>
        contacts.OrderBy(c => c.Email.Key, StringComparer.Ordinal).Chunk(ImportBatchWriter.BatchSize).Select(c => (IReadOnlyList<ImportedContact>)c).ToList();
}
