using Azure;
using Outreach.Core.Subscriptions;

namespace Outreach.Core.Audiences.Imports;

/// <summary>The life of an import job: uploaded and previewed → running (its chunks queued) → done.</summary>
public static class ImportJobStates
{
    public const string Previewed = "previewed";
    public const string Running = "running";
    public const string Done = "done";
}

/// <summary>
/// An uploaded file waiting for the team's go, or being imported from the queue. The file was read and checked when
/// it was uploaded; its contacts wait in chunks of <see cref="BatchesPerChunk"/> batches.
/// </summary>
public sealed record ImportJob
{
    public required string Id { get; init; }
    public required string AudienceId { get; init; }

    /// <summary><c>pending</c> or <c>confirmed</c>.</summary>
    public required string Status { get; init; }
    public string? Source { get; init; }
    public required string State { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the team started it: the time every consent record of this import carries.</summary>
    public DateTimeOffset? StartedAt { get; init; }
    public required string Encoding { get; init; }
    public required string Delimiter { get; init; }
    public required IReadOnlyDictionary<string, string> Mapping { get; init; }

    /// <summary>Lines after the header, blank ones left out.</summary>
    public required int Lines { get; init; }

    /// <summary>Lines refused when the file was read (invalid, or a duplicate of an earlier line).</summary>
    public required int Rejected { get; init; }
    public required int Batches { get; init; }
    public required int Chunks { get; init; }
    public required int BatchesPerChunk { get; init; }

    /// <summary>The numbers of the batches of one chunk (batches are numbered from 1).</summary>
    public IEnumerable<int> BatchesOf(int chunk) =>
        Enumerable.Range((chunk - 1) * BatchesPerChunk + 1, Math.Clamp(Batches - (chunk - 1) * BatchesPerChunk, 0, BatchesPerChunk));
    public ETag ETag { get; init; }

    public ImportMode Mode => SubscriberImport.ModeFor(Status, Source, Id, StartedAt ?? CreatedAt);

    public static bool IsWellFormedId(string? id) => id is { Length: 32 } && id.All(char.IsAsciiHexDigitLower);
}

/// <summary>What one batch of a job did, kept so a batch runs once and progress is a sum.</summary>
public sealed record ImportBatchResult(int Batch, int Added, int Updated, int Skipped, IReadOnlyList<ImportLine> NotImported);

/// <summary>A job's progress: <c>done</c> of <c>total</c> lines, and what became of them.</summary>
public sealed record ImportProgress(
    string Id, string Audience, string State, int Total, int Done, int Added, int Updated, int Skipped, int Invalid,
    string Encoding, string Delimiter, IReadOnlyDictionary<string, string> Mapping);

/// <summary>What the team sees before starting a job: how the file was read and its first lines.</summary>
public sealed record ImportPreview(
    string Delimiter, string Encoding, IReadOnlyList<string> Columns, IReadOnlyDictionary<string, string> Mapping,
    IReadOnlyList<IReadOnlyList<string>> Rows, int Lines, int Valid, int Rejected);

/// <summary>The queue message: "import chunk <see cref="Chunk"/> of job <see cref="ImportId"/>" (chunks are numbered from 1).</summary>
public sealed record ImportChunkMessage(string ImportId, int Chunk);
