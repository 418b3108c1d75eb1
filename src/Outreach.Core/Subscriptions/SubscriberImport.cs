using Outreach.Core.Audiences;
using Outreach.Core.Audiences.Imports;
using Outreach.Core.Audiences.Profiles;
using Outreach.Core.Common.Validation;

namespace Outreach.Core.Subscriptions;

public sealed record ImportReport(
    string AudienceId, string Status, string Encoding, string Delimiter, IReadOnlyDictionary<string, string> Mapping,
    int Added, int Updated, int Skipped, int Invalid, IReadOnlyList<ImportLine> Lines);

/// <summary>
/// The synchronous CSV import into one audience, for small files: the whole file is read and checked first (nothing
/// is written when it cannot be imported), then written in batches. <c>pending</c> (default) sends each new address a
/// confirmation mail; <c>confirmed</c> records the team's attestation of prior consent, with its source, as the proof.
/// </summary>
public sealed class SubscriberImport(AudienceStore audiences, ImportBatchWriter writer, CustomFieldStore customFields, TimeProvider clock)
{
    private const int ParallelWindows = 4;

    public static ValidationErrors ValidateParameters(string? status, string? source)
    {
        var errors = new ValidationErrors();
        if (status is not (null or "" or MemberStatus.Pending or MemberStatus.Confirmed)) errors.Add("status", "status must be pending or confirmed.");
        if (status == MemberStatus.Confirmed && string.IsNullOrWhiteSpace(source))
            errors.Add("source", "Importing as confirmed needs source=… describing how these people consented (the proof kept with each record).");
        if (source is { Length: > 200 } || (source?.Any(char.IsControl) ?? false)) errors.Add("source", "source must be at most 200 characters on one line.");
        return errors;
    }

    public static ImportMode ModeFor(string? status, string? source, string importId, DateTimeOffset at) =>
        new(status == MemberStatus.Confirmed, string.IsNullOrWhiteSpace(source) ? "csv-import" : source.Trim(), importId, at);

    /// <summary>Imports the file; a header row naming the e-mail column is required. Null report when the audience does not exist.</summary>
    public async Task<(ImportReport? Report, ValidationErrors Errors)> ImportAsync(
        string audienceId, ReadOnlyMemory<byte> file, string? status, string? source, IReadOnlyDictionary<string, string?>? mapping = null,
        CancellationToken cancellationToken = default)
    {
        var errors = ValidateParameters(status, source);
        if (!errors.IsValid) return (null, errors);
        if (await audiences.FindAsync(audienceId, cancellationToken) is null) return (null, errors);

        var (parsed, parseErrors) = ImportParser.Parse(file, mapping, await customFields.LoadAsync(cancellationToken));
        if (parsed is null) return (null, parseErrors);

        var mode = ModeFor(status, source, Guid.NewGuid().ToString("N"), clock.GetUtcNow());
        var written = new System.Collections.Concurrent.ConcurrentBag<ImportLine>();
        var windows = ImportBatches.Of(parsed.Contacts).Chunk(ImportBatchWriter.BatchesPerRead);
        await Parallel.ForEachAsync(windows, new ParallelOptions { MaxDegreeOfParallelism = ParallelWindows, CancellationToken = cancellationToken },
            async (window, ct) => await writer.WriteAsync(audienceId, window, mode, (_, lines) =>
            {
                foreach (var line in lines) written.Add(line);
                return Task.CompletedTask;
            }, ct));

        var lines = written.Concat(parsed.Rejected.Select(r => new ImportLine(r.Line, r.Email, r.Outcome, r.Reason))).OrderBy(l => l.Line).ToList();
        return (new ImportReport(audienceId, mode.Status, parsed.Format.Encoding, parsed.Format.DelimiterName, parsed.Mapping,
            lines.Count(l => l.Outcome == "added"), lines.Count(l => l.Outcome == "updated"),
            lines.Count(l => l.Outcome == "skipped"), lines.Count(l => l.Outcome == "invalid"), lines), errors);
    }
}
