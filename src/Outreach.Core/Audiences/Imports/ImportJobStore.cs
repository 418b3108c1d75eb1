using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using Outreach.Core.Audiences.Profiles;
using Outreach.Core.Common.Storage;
using Outreach.Core.Subscriptions;

namespace Outreach.Core.Audiences.Imports;

/// <summary>
/// Import jobs: the job row and one row per batch written (table <c>imports</c>, PartitionKey = job id, so progress
/// is one partition read), and the uploaded file, its chunks of contacts and its rejected lines (blobs under the job id).
/// </summary>
public sealed class ImportJobStore(StorageAccount storage)
{
    private const string JobRow = "job";
    private const string BatchRowPrefix = "batch-";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // ---- the job ----

    public async Task<ImportJob?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!ImportJob.IsWellFormedId(id)) return null;
        var table = await storage.TableAsync(TableNames.Imports);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(id, JobRow, cancellationToken: cancellationToken);
        return response.HasValue ? ToJob(response.Value!) : null;
    }

    public async Task AddAsync(ImportJob job, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Imports);
        await table.AddEntityAsync(ToEntity(job), cancellationToken);
    }

    /// <summary>Replaces the job row if nobody changed it since it was read; false when someone did.</summary>
    public async Task<bool> TryReplaceAsync(ImportJob job, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Imports);
        try
        {
            await table.UpdateEntityAsync(ToEntity(job), job.ETag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return false;
        }
    }

    private static TableEntity ToEntity(ImportJob job) => new(job.Id, JobRow)
    {
        ["AudienceId"] = job.AudienceId,
        ["Status"] = job.Status,
        ["Source"] = job.Source,
        ["State"] = job.State,
        ["CreatedAt"] = job.CreatedAt,
        ["StartedAt"] = job.StartedAt,
        ["Encoding"] = job.Encoding,
        ["Delimiter"] = job.Delimiter,
        ["Mapping"] = JsonSerializer.Serialize(job.Mapping),
        ["Lines"] = job.Lines,
        ["Rejected"] = job.Rejected,
        ["Batches"] = job.Batches,
        ["Chunks"] = job.Chunks,
        ["BatchesPerChunk"] = job.BatchesPerChunk,
    };

    private static ImportJob ToJob(TableEntity e) => new()
    {
        Id = e.PartitionKey,
        AudienceId = e.GetString("AudienceId") ?? "",
        Status = e.GetString("Status") ?? MemberStatus.Pending,
        Source = e.GetString("Source"),
        State = e.GetString("State") ?? ImportJobStates.Previewed,
        CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? default,
        StartedAt = e.GetDateTimeOffset("StartedAt"),
        Encoding = e.GetString("Encoding") ?? "",
        Delimiter = e.GetString("Delimiter") ?? "",
        Mapping = JsonSerializer.Deserialize<Dictionary<string, string>>(e.GetString("Mapping") ?? "{}") ?? [],
        Lines = e.GetInt32("Lines") ?? 0,
        Rejected = e.GetInt32("Rejected") ?? 0,
        Batches = e.GetInt32("Batches") ?? 0,
        Chunks = e.GetInt32("Chunks") ?? 0,
        BatchesPerChunk = e.GetInt32("BatchesPerChunk") ?? 1,
        ETag = e.ETag,
    };

    // ---- batch results ----

    public async Task SaveBatchAsync(string id, ImportBatchResult result, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Imports);
        await table.UpsertEntityAsync(new TableEntity(id, BatchRow(result.Batch))
        {
            ["Added"] = result.Added,
            ["Updated"] = result.Updated,
            ["Skipped"] = result.Skipped,
            ["NotImported"] = result.NotImported.Count == 0 ? null : JsonSerializer.Serialize(result.NotImported, Json),
        }, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>The results of batches <paramref name="first"/> to <paramref name="last"/> (all when null): one range query of the job's partition.</summary>
    public async Task<IReadOnlyList<ImportBatchResult>> ListBatchesAsync(string id, int first = 1, int last = 999_999, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Imports);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {id} and RowKey ge {BatchRow(first)} and RowKey le {BatchRow(last)}");
        var results = new List<ImportBatchResult>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter, 1000, cancellationToken: cancellationToken))
        {
            results.Add(new ImportBatchResult(
                int.Parse(e.RowKey[BatchRowPrefix.Length..], CultureInfo.InvariantCulture),
                e.GetInt32("Added") ?? 0, e.GetInt32("Updated") ?? 0, e.GetInt32("Skipped") ?? 0,
                e.GetString("NotImported") is { Length: > 0 } json ? JsonSerializer.Deserialize<List<ImportLine>>(json, Json) ?? [] : []));
        }

        return results;
    }

    private static string BatchRow(int batch) => BatchRowPrefix + batch.ToString("D6", CultureInfo.InvariantCulture);

    // ---- blobs: the file, its chunks, its rejected lines ----

    public async Task SaveFileAsync(string id, ReadOnlyMemory<byte> file, CancellationToken cancellationToken = default)
    {
        var container = await storage.ContainerAsync(ContainerNames.Imports);
        await container.GetBlobClient($"{id}/file.csv").UploadAsync(BinaryData.FromBytes(file), overwrite: true, cancellationToken);
    }

    public async Task SaveChunkAsync(string id, int chunk, IReadOnlyList<ImportedContact> contacts, CancellationToken cancellationToken = default)
    {
        var container = await storage.ContainerAsync(ContainerNames.Imports);
        var lines = contacts.Select(c => new ChunkLine(c.Line, c.Email.Value, c.FirstName, c.Language, c.Details)).ToList();
        await container.GetBlobClient(ChunkBlob(id, chunk)).UploadAsync(BinaryData.FromObjectAsJson(lines, Json), overwrite: true, cancellationToken);
    }

    /// <summary>The contacts of one chunk, in contact-key order, as they were read from the file.</summary>
    public async Task<IReadOnlyList<ImportedContact>> LoadChunkAsync(string id, int chunk, CancellationToken cancellationToken = default)
    {
        var container = await storage.ContainerAsync(ContainerNames.Imports);
        var content = await container.GetBlobClient(ChunkBlob(id, chunk)).DownloadContentAsync(cancellationToken);
        var lines = content.Value.Content.ToObjectFromJson<List<ChunkLine>>(Json) ?? [];
        return lines.Select(l => EmailAddress.TryParse(l.Email, out var email) ? new ImportedContact(l.Line, email, l.FirstName, l.Language, l.Details) : null)
            .OfType<ImportedContact>().ToList();
    }

    public async Task SaveRejectedAsync(string id, IReadOnlyList<RejectedLine> rejected, CancellationToken cancellationToken = default)
    {
        var container = await storage.ContainerAsync(ContainerNames.Imports);
        await container.GetBlobClient($"{id}/rejected.json").UploadAsync(BinaryData.FromObjectAsJson(rejected, Json), overwrite: true, cancellationToken);
    }

    public async Task<IReadOnlyList<RejectedLine>> LoadRejectedAsync(string id, CancellationToken cancellationToken = default)
    {
        var container = await storage.ContainerAsync(ContainerNames.Imports);
        var content = await container.GetBlobClient($"{id}/rejected.json").DownloadContentAsync(cancellationToken);
        return content.Value.Content.ToObjectFromJson<List<RejectedLine>>(Json) ?? [];
    }

    // ---- GDPR: what the jobs hold about one address ----

    /// <summary>
    /// The import jobs' rows and blobs that name <paramref name="email"/> (its line in a chunk, a rejected or
    /// not-imported line, the uploaded file); with <paramref name="erase"/>, those lines are removed and the uploaded
    /// file (kept for nothing once its chunks are cut) is deleted. Jobs are few (one per upload), so this reads them all.
    /// </summary>
    public async Task<(int Rows, int Blobs)> FindOrEraseAsync(EmailAddress email, bool erase, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Imports);
        var jobs = new List<ImportJob>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {JobRow}"), cancellationToken: cancellationToken))
            jobs.Add(ToJob(row));

        // Every blob and row is looked at at once (the export is the console's person page): each answers for itself.
        var blobReads = jobs.SelectMany(job => Enumerable.Range(1, job.Chunks).Select(chunk => ChunkAsync(job.Id, chunk, email, erase, cancellationToken))
            .Append(FileAsync(job.Id, email, erase, cancellationToken))
            .Append(RejectedAsync(job.Id, email, erase, cancellationToken))).ToList();
        var rowReads = jobs.Select(job => BatchRowsAsync(table, job.Id, email, erase, cancellationToken)).ToList();
        return ((await Task.WhenAll(rowReads)).Sum(), (await Task.WhenAll(blobReads)).Sum());
    }

    private static bool Names(string? text, EmailAddress email) => text is not null && text.Contains(email.Value, StringComparison.OrdinalIgnoreCase);

    private async Task<int> FileAsync(string id, EmailAddress email, bool erase, CancellationToken cancellationToken)
    {
        var blob = (await storage.ContainerAsync(ContainerNames.Imports)).GetBlobClient($"{id}/file.csv");
        if (!await blob.ExistsAsync(cancellationToken)) return 0;
        var bytes = (await blob.DownloadContentAsync(cancellationToken)).Value.Content.ToArray();
        // ASCII addresses read the same in UTF-8 and Windows-1252; UTF-16 files are read as such.
        if (!Names(System.Text.Encoding.Latin1.GetString(bytes), email) && !Names(System.Text.Encoding.Unicode.GetString(bytes), email)
            && !Names(System.Text.Encoding.BigEndianUnicode.GetString(bytes), email)) return 0;
        if (erase) await blob.DeleteIfExistsAsync(cancellationToken: cancellationToken);
        return 1;
    }

    private async Task<int> ChunkAsync(string id, int chunk, EmailAddress email, bool erase, CancellationToken cancellationToken)
    {
        var blob = (await storage.ContainerAsync(ContainerNames.Imports)).GetBlobClient(ChunkBlob(id, chunk));
        if (!await blob.ExistsAsync(cancellationToken)) return 0;
        var lines = (await blob.DownloadContentAsync(cancellationToken)).Value.Content.ToObjectFromJson<List<ChunkLine>>(Json) ?? [];
        var kept = lines.Where(l => !Names(l.Email, email)).ToList();
        if (kept.Count == lines.Count) return 0;
        if (erase) await blob.UploadAsync(BinaryData.FromObjectAsJson(kept, Json), overwrite: true, cancellationToken);
        return 1;
    }

    private async Task<int> RejectedAsync(string id, EmailAddress email, bool erase, CancellationToken cancellationToken)
    {
        var blob = (await storage.ContainerAsync(ContainerNames.Imports)).GetBlobClient($"{id}/rejected.json");
        if (!await blob.ExistsAsync(cancellationToken)) return 0;
        var lines = (await blob.DownloadContentAsync(cancellationToken)).Value.Content.ToObjectFromJson<List<RejectedLine>>(Json) ?? [];
        var kept = lines.Where(l => !Names(l.Email, email) && !l.Values.Any(v => Names(v, email))).ToList();
        if (kept.Count == lines.Count) return 0;
        if (erase) await blob.UploadAsync(BinaryData.FromObjectAsJson(kept, Json), overwrite: true, cancellationToken);
        return 1;
    }

    private static async Task<int> BatchRowsAsync(TableClient table, string id, EmailAddress email, bool erase, CancellationToken cancellationToken)
    {
        var found = 0;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {id} and RowKey ge {BatchRowPrefix} and RowKey lt {BatchRowPrefix + "~"}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (row.GetString("NotImported") is not { Length: > 0 } json || !Names(json, email)) continue;
            found++;
            if (!erase) continue;
            var kept = (JsonSerializer.Deserialize<List<ImportLine>>(json, Json) ?? []).Where(l => !Names(l.Email, email)).ToList();
            row["NotImported"] = kept.Count == 0 ? null : JsonSerializer.Serialize(kept, Json);
            await table.UpdateEntityAsync(row, ETag.All, TableUpdateMode.Replace, cancellationToken);
        }

        return found;
    }

    private static string ChunkBlob(string id, int chunk) => $"{id}/chunk-{chunk.ToString("D5", CultureInfo.InvariantCulture)}.json";

    private sealed record ChunkLine(int Line, string Email, string? FirstName, string? Language, ContactDetails Details);
}
