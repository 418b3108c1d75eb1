using Outreach.Core.Audiences.Imports;
using Outreach.Core.Common.Validation;
using Outreach.Core.Subscriptions;

namespace Outreach.Core.Audiences.Profiles;

/// <summary>What became of one address of a bulk tag change that did not change it (unknown, invalid…).</summary>
public sealed record TagLine(int Line, string? Email, string Outcome, string Reason);

/// <summary>A bulk tag change done: the tags, <c>add</c> or <c>remove</c>, the counts, and each address not changed with the reason.</summary>
public sealed record TagReport(IReadOnlyList<string> Tags, string Action, int Changed, int Unchanged, int Unknown, int Invalid, int Skipped, IReadOnlyList<TagLine> NotChanged);

/// <summary>
/// Tags added to or removed from many contacts at once, named by a list of addresses (a selection in the console) or
/// by a CSV file (a header naming the e-mail column, as for imports, or one address per line). Every tag is checked
/// before anything is written; contacts are handled in batches of 100 by contact key: one range query reads their
/// profiles, each changed profile is written on the version read, and its copy on the membership rows follows with
/// one range query and one transaction per audience. An address with no profile is reported as unknown, never created.
/// </summary>
public sealed class BulkTags(ContactStore store, ContactWriter writer)
{
    public const int MaxAddresses = 10_000;
    public const int MaxTags = 10;
    private const int ParallelBatches = 4;

    public async Task<(TagReport? Report, ValidationErrors Errors)> ApplyAsync(
        IReadOnlyList<string?>? tags, bool add, IReadOnlyList<string?>? emails, CancellationToken cancellationToken = default)
    {
        var errors = new ValidationErrors();
        var lines = (emails ?? []).Select((email, i) => (Line: i + 1, Text: email)).ToList();
        if (lines.Count == 0) errors.Add("emails", "emails must list at least one address.");
        return await ApplyAsync(tags, add, lines, errors, cancellationToken);
    }

    public async Task<(TagReport? Report, ValidationErrors Errors)> ApplyCsvAsync(
        IReadOnlyList<string?>? tags, bool add, ReadOnlyMemory<byte> file, CancellationToken cancellationToken = default)
    {
        var errors = new ValidationErrors();
        var lines = AddressesOf(file, errors);
        return await ApplyAsync(tags, add, lines, errors, cancellationToken);
    }

    /// <summary>The addresses of a file: from the column its header names as the e-mail, or the first value of each line when the first line is an address.</summary>
    public static List<(int Line, string? Text)> AddressesOf(ReadOnlyMemory<byte> file, ValidationErrors errors)
    {
        var (_, csv) = ImportFile.Open(file);
        var all = csv.Where(l => l.Problem is not null || !l.Values.All(string.IsNullOrWhiteSpace)).Take(MaxAddresses + 2).ToList();
        if (all.Count == 0)
        {
            errors.Add("csv", "The file is empty: list the addresses, one per line, or under a header naming the e-mail column.");
            return [];
        }

        if (EmailAddress.TryParse(all[0].Values.FirstOrDefault()?.Trim(), out _))
            return all.Select(l => (l.Line, l.Problem is null ? l.Values[0].Trim() : null)).ToList();
        var (columns, error) = ColumnMapping.Guess(all[0].Values.Select(h => h.Trim()).ToList());
        if (columns is null)
        {
            errors.Add("csv", error!);
            return [];
        }

        return all.Skip(1).Select(l => (l.Line, l.Problem is null ? columns.ValueOf(ImportField.Email, l.Values) : null)).ToList();
    }

    private async Task<(TagReport? Report, ValidationErrors Errors)> ApplyAsync(
        IReadOnlyList<string?>? tagTexts, bool add, List<(int Line, string? Text)> lines, ValidationErrors errors, CancellationToken cancellationToken)
    {
        var tags = (tagTexts ?? []).Select(t => (Text: t, Tag: Tags.Normalize(t))).ToList();
        if (tags.Count is 0 or > MaxTags) errors.Add("tags", $"tags must name 1 to {MaxTags} tags.");
        foreach (var bad in tags.Where(t => t.Tag is null)) errors.Add("tags", $"Not a tag: {Shorten(bad.Text)} (letters, digits, - and _, at most {Tags.MaxLength} characters).");
        if (lines.Count > MaxAddresses) errors.Add("emails", $"At most {MaxAddresses} addresses per request: split the list.");
        if (!errors.IsValid) return (null, errors);

        var change = Tags.Union(tags.Select(t => t.Tag!), []);
        var outcomes = new List<TagLine>();
        var addresses = new Dictionary<string, (int Line, EmailAddress Email)>(StringComparer.Ordinal);
        foreach (var (line, text) in lines)
        {
            if (!EmailAddress.TryParse(text, out var email)) outcomes.Add(new TagLine(line, Shorten(text), Invalid, "not a valid e-mail address"));
            else if (!addresses.TryAdd(email.Key, (line, email))) outcomes.Add(new TagLine(line, email.Value, Unchanged, "listed twice"));
        }

        var sorted = addresses.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => a.Value).ToList();
        foreach (var round in sorted.Chunk(ImportBatchWriter.BatchSize).Chunk(ParallelBatches))
            outcomes.AddRange((await Task.WhenAll(round.Select(batch => ApplyBatchAsync(batch, change, add, cancellationToken)))).SelectMany(r => r));

        int Count(string outcome) => outcomes.Count(l => l.Outcome == outcome);
        var notChanged = outcomes.Where(l => l.Outcome is not (ChangedOutcome or Unchanged)).OrderBy(l => l.Line).ToList();
        return (new TagReport(change, add ? "add" : "remove", Count(ChangedOutcome), Count(Unchanged), Count(Unknown), Count(Invalid), Count(Skipped), notChanged), errors);
    }

    private const string ChangedOutcome = "changed";
    private const string Unchanged = "unchanged";
    private const string Unknown = "unknown";
    private const string Invalid = "invalid";
    private const string Skipped = "skipped";

    private async Task<List<TagLine>> ApplyBatchAsync(
        IReadOnlyList<(int Line, EmailAddress Email)> batch, IReadOnlyList<string> change, bool add, CancellationToken cancellationToken)
    {
        var outcomes = new List<TagLine>();
        var contacts = await store.FindContactsInRangeAsync(batch[0].Email.Key, batch[^1].Email.Key, cancellationToken);
        var edited = new List<Contact>();
        foreach (var (line, email) in batch)
        {
            if (!contacts.TryGetValue(email.Key, out var contact)) outcomes.Add(new TagLine(line, email.Value, Unknown, "no contact with this address"));
            else if (Changed(contact, change, add) is { } result) edited.Add(result);
            else if (add && Tags.Union(contact.Details.Tags, change).Count > Tags.MaxPerContact)
                outcomes.Add(new TagLine(line, email.Value, Skipped, $"would have more than {Tags.MaxPerContact} tags"));
            else outcomes.Add(new TagLine(line, email.Value, Unchanged, add ? "already tagged" : "not tagged"));
        }

        var conflicts = (await writer.TrySaveRangeAsync(edited, cancellationToken)).ToHashSet(StringComparer.Ordinal);
        foreach (var (line, email) in batch.Where(b => edited.Any(e => e.ContactKey == b.Email.Key)))
        {
            var done = !conflicts.Contains(email.Key) || await RetryAsync(email.Key, change, add, cancellationToken);
            outcomes.Add(done ? new TagLine(line, email.Value, ChangedOutcome, "") : new TagLine(line, email.Value, Skipped, "changed by someone else meanwhile: try again"));
        }

        return outcomes;
    }

    /// <summary>A contact changed by someone else while the batch was read: read it again and apply the change, a few times.</summary>
    private async Task<bool> RetryAsync(string key, IReadOnlyList<string> change, bool add, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (await store.FindContactAsync(key, cancellationToken) is not { } contact) return false;
            if (Changed(contact, change, add) is not { } edited) return true;
            if (await writer.TrySaveAsync(edited, cancellationToken)) return true;
        }

        return false;
    }

    /// <summary>The contact with the tags added or removed; null when that changes nothing (or would exceed the limit).</summary>
    private static Contact? Changed(Contact contact, IReadOnlyList<string> change, bool add)
    {
        var tags = add ? Tags.Union(contact.Details.Tags, change) : contact.Details.Tags.Except(change, StringComparer.Ordinal).ToList();
        if (tags.Count == contact.Details.Tags.Count || tags.Count > Tags.MaxPerContact) return null;
        return contact with { Details = contact.Details with { Tags = tags } };
    }

    private static string Shorten(string? value) => value is null ? "(empty)" : value.Length > 40 ? value[..40] + "…" : value;
}
