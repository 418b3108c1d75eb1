using System.Text.Json;
using Microsoft.Extensions.Logging;
using Outreach.Core.Audiences.Profiles;
using Outreach.Core.Common.Storage;
using Outreach.Core.Common.Validation;
using Outreach.Core.Subscriptions;

namespace Outreach.Core.Audiences.Imports;

public enum ImportJobOutcome
{
    Done,
    Invalid,
    NotFound,
}

/// <summary>
/// Imports as jobs: the upload reads and checks the whole file (limits first: nothing is stored for a file that
/// cannot be imported), stores it with its contacts cut into chunks, and answers a preview; the start queues one
/// message per chunk; each message writes its chunk's batches one after the other (<see cref="ImportBatchWriter"/>, which
/// reads what exists for ten batches at a time) and records each batch's result, so a batch is written once and a chunk delivered again changes nothing. A job has at
/// most <see cref="ParallelChunks"/> chunks (of at least <see cref="MinBatchesPerChunk"/> batches): every batch commits
/// with the audience's counter rows, and more writers on one partition would only make them collide.
/// </summary>
public sealed class ImportJobs(
    AudienceStore audiences, CustomFieldStore customFields, ImportJobStore jobs, ImportBatchWriter writer, StorageAccount storage,
    TimeProvider clock, ILogger<ImportJobs> logger)
{
    public const int ParallelChunks = 4;
    public const int MinBatchesPerChunk = 10;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<(ImportJobOutcome Outcome, string? Id, ImportPreview? Preview, ValidationErrors Errors)> UploadAsync(
        string audienceId, ReadOnlyMemory<byte> file, string? status, string? source, IReadOnlyDictionary<string, string?>? mapping,
        CancellationToken cancellationToken = default)
    {
        var errors = SubscriberImport.ValidateParameters(status, source);
        if (!errors.IsValid) return (ImportJobOutcome.Invalid, null, null, errors);
        if (await audiences.FindAsync(audienceId, cancellationToken) is null) return (ImportJobOutcome.NotFound, null, null, errors);

        var (parsed, parseErrors) = ImportParser.Parse(file, mapping, await customFields.LoadAsync(cancellationToken));
        if (parsed is null) return (ImportJobOutcome.Invalid, null, null, parseErrors);

        var id = Guid.NewGuid().ToString("N");
        var batches = ImportBatches.Of(parsed.Contacts);
        var batchesPerChunk = Math.Max(MinBatchesPerChunk, (batches.Count + ParallelChunks - 1) / ParallelChunks);
        var chunks = batches.Chunk(batchesPerChunk).Select(c => c.SelectMany(b => b).ToList()).ToList();
        await Task.WhenAll(chunks.Select((contacts, i) => jobs.SaveChunkAsync(id, i + 1, contacts, cancellationToken))
            .Append(jobs.SaveFileAsync(id, file, cancellationToken))
            .Append(jobs.SaveRejectedAsync(id, parsed.Rejected, cancellationToken)));
        // The job row last: a job exists only once everything it needs is stored.
        await jobs.AddAsync(new ImportJob
        {
            Id = id, AudienceId = audienceId, Status = SubscriberImport.ModeFor(status, source, id, default).Status, Source = source?.Trim(),
            State = ImportJobStates.Previewed, CreatedAt = clock.GetUtcNow(),
            Encoding = parsed.Format.Encoding, Delimiter = parsed.Format.DelimiterName, Mapping = parsed.Mapping,
            Lines = parsed.Lines, Rejected = parsed.Rejected.Count, Batches = batches.Count, Chunks = chunks.Count, BatchesPerChunk = batchesPerChunk,
        }, cancellationToken);

        var preview = new ImportPreview(parsed.Format.DelimiterName, parsed.Format.Encoding, parsed.Columns, parsed.Mapping, parsed.FirstRows,
            parsed.Lines, parsed.Contacts.Count, parsed.Rejected.Count);
        return (ImportJobOutcome.Done, id, preview, errors);
    }

    /// <summary>
    /// Starts a previewed job: its time is fixed and its chunks queued. Starting a running job again queues only the
    /// chunks not written yet (a start interrupted before its messages were sent); a finished job changes nothing.
    /// </summary>
    public async Task<ImportProgress?> StartAsync(string id, CancellationToken cancellationToken = default)
    {
        var job = await jobs.FindAsync(id, cancellationToken);
        if (job is null) return null;
        if (job.State == ImportJobStates.Previewed)
        {
            var started = job with { State = ImportJobStates.Running, StartedAt = clock.GetUtcNow() };
            if (!await jobs.TryReplaceAsync(started, cancellationToken)) return await ProgressAsync(id, cancellationToken);
            job = started;
        }

        var progress = await ProgressOfAsync(job, cancellationToken);
        if (progress.State == ImportJobStates.Running) await QueueUnwrittenChunksAsync(job, cancellationToken);
        return progress;
    }

    public async Task<ImportProgress?> ProgressAsync(string id, CancellationToken cancellationToken = default) =>
        await jobs.FindAsync(id, cancellationToken) is { } job ? await ProgressOfAsync(job, cancellationToken) : null;

    /// <summary>Writes the batches of one chunk that have no result yet; those already written are left as they are.</summary>
    public async Task ProcessChunkAsync(ImportChunkMessage message, CancellationToken cancellationToken = default)
    {
        var job = await jobs.FindAsync(message.ImportId, cancellationToken);
        if (job is null || job.State != ImportJobStates.Running || message.Chunk < 1 || message.Chunk > job.Chunks) return;
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["ImportId"] = job.Id, ["Chunk"] = message.Chunk });

        var numbers = job.BatchesOf(message.Chunk).ToList();
        var written = (await jobs.ListBatchesAsync(job.Id, numbers[0], numbers[^1], cancellationToken)).Select(b => b.Batch).ToHashSet();
        if (numbers.All(written.Contains)) return;

        var contacts = await jobs.LoadChunkAsync(job.Id, message.Chunk, cancellationToken);
        var unwritten = numbers.Zip(contacts.Chunk(ImportBatchWriter.BatchSize)).Where(b => !written.Contains(b.First)).ToList();
        foreach (var window in unwritten.Chunk(ImportBatchWriter.BatchesPerRead))
        {
            await writer.WriteAsync(job.AudienceId, window.Select(b => (IReadOnlyList<ImportedContact>)b.Second).ToList(), job.Mode,
                (i, lines) => jobs.SaveBatchAsync(job.Id, ResultOf(window[i].First, lines), cancellationToken), cancellationToken);
        }
    }

    /// <summary>The lines not imported, with the reason: refused when the file was read, or skipped when written (suppressed, unsubscribed…).</summary>
    public async Task<bool> WriteRejectedCsvAsync(string id, TextWriter output, CancellationToken cancellationToken = default)
    {
        var job = await jobs.FindAsync(id, cancellationToken);
        if (job is null) return false;
        var rejected = await jobs.LoadRejectedAsync(id, cancellationToken);
        var skipped = (await jobs.ListBatchesAsync(id, cancellationToken: cancellationToken)).SelectMany(b => b.NotImported);
        var lines = rejected.Select(r => (r.Line, r.Email, r.Outcome, r.Reason))
            .Concat(skipped.Select(s => (s.Line, s.Email, s.Outcome, Reason: s.Reason ?? "")))
            .OrderBy(l => l.Line);
        await output.WriteLineAsync("line,email,outcome,reason");
        foreach (var (line, email, outcome, reason) in lines)
            await output.WriteLineAsync($"{line},{Csv.Field(email)},{outcome},{Csv.Field(reason)}");
        return true;
    }

    private async Task<ImportProgress> ProgressOfAsync(ImportJob job, CancellationToken cancellationToken)
    {
        var batches = job.State == ImportJobStates.Previewed ? [] : await jobs.ListBatchesAsync(job.Id, cancellationToken: cancellationToken);
        var (added, updated, skipped) = (batches.Sum(b => b.Added), batches.Sum(b => b.Updated), batches.Sum(b => b.Skipped));
        var rejected = job.State == ImportJobStates.Previewed ? [] : await jobs.LoadRejectedAsync(job.Id, cancellationToken);
        var invalid = rejected.Count(r => r.Outcome == "invalid");
        skipped += rejected.Count - invalid;
        var state = job.State == ImportJobStates.Running && batches.Count == job.Batches ? ImportJobStates.Done : job.State;
        var done = job.State == ImportJobStates.Previewed ? 0 : added + updated + skipped + invalid;
        return new ImportProgress(job.Id, job.AudienceId, state, job.Lines, done, added, updated, skipped, invalid, job.Encoding, job.Delimiter, job.Mapping);
    }

    private async Task QueueUnwrittenChunksAsync(ImportJob job, CancellationToken cancellationToken)
    {
        var written = (await jobs.ListBatchesAsync(job.Id, cancellationToken: cancellationToken)).Select(b => b.Batch).ToHashSet();
        var queue = await storage.QueueAsync(QueueNames.ImportChunks);
        var chunks = Enumerable.Range(1, job.Chunks).Where(chunk => job.BatchesOf(chunk).Any(b => !written.Contains(b)));
        await Task.WhenAll(chunks.Select(chunk => queue.SendMessageAsync(JsonSerializer.Serialize(new ImportChunkMessage(job.Id, chunk), Json), cancellationToken)));
    }

    public static ImportChunkMessage? ParseMessage(string body)
    {
        try
        {
            var message = JsonSerializer.Deserialize<ImportChunkMessage>(body, Json);
            return message is { Chunk: > 0 } && ImportJob.IsWellFormedId(message.ImportId) ? message : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static ImportBatchResult ResultOf(int batch, IReadOnlyList<ImportLine> lines) => new(batch,
        lines.Count(l => l.Outcome == "added"), lines.Count(l => l.Outcome == "updated"), lines.Count(l => l.Outcome == "skipped"),
        lines.Where(l => l.Outcome == "skipped").ToList());
}
