using Outreach.Core.Audiences;

namespace Outreach.Core.Subscriptions;

public sealed record ImportLine(int Line, string? Email, string Outcome, string? Reason = null);

public sealed record ImportReport(string AudienceId, string Status, int Added, int Updated, int Skipped, int Invalid, IReadOnlyList<ImportLine> Lines);

/// <summary>
/// CSV import into one audience. <c>pending</c> (default) sends each new address a confirmation mail;
/// <c>confirmed</c> records the team's attestation of prior consent, with its source, as the proof.
/// Suppressed, erased and unsubscribed addresses are never re-added.
/// </summary>
public sealed class SubscriberImport(SubscriberStore store, AudienceStore audiences, SubscriptionService subscriptions, TimeProvider clock)
{
    public const int MaxLines = 100_000;
    private static readonly string[] EmailHeaders = ["email", "email address", "e-mail", "courriel", "adresse e-mail"];
    private static readonly string[] FirstNameHeaders = ["firstname", "first name", "prénom", "prenom"];

    public static ValidationErrors ValidateParameters(string? status, string? source)
    {
        var errors = new ValidationErrors();
        if (status is not (null or "" or MemberStatus.Pending or MemberStatus.Confirmed)) errors.Add("status", "status must be pending or confirmed.");
        if (status == MemberStatus.Confirmed && string.IsNullOrWhiteSpace(source))
            errors.Add("source", "Importing as confirmed needs source=… describing how these people consented (the proof kept with each record).");
        if (source is { Length: > 200 } || (source?.Any(char.IsControl) ?? false)) errors.Add("source", "source must be at most 200 characters on one line.");
        return errors;
    }

    /// <summary>Imports the CSV; a header row naming the e-mail column is required. Null when the audience does not exist.</summary>
    public async Task<(ImportReport? Report, ValidationErrors Errors)> ImportAsync(
        string audienceId, TextReader csv, string? status, string? source, CancellationToken cancellationToken = default)
    {
        var errors = ValidateParameters(status, source);
        if (!errors.IsValid) return (null, errors);
        var audience = await audiences.FindAsync(audienceId, cancellationToken);
        if (audience is null) return (null, errors);
        var asConfirmed = status == MemberStatus.Confirmed;
        var proof = string.IsNullOrWhiteSpace(source) ? "csv-import" : source.Trim();

        var lines = new List<ImportLine>();
        var seen = new HashSet<string>();
        int emailColumn = -1, firstNameColumn = -1, lineNumber = 0;
        await foreach (var record in Csv.ReadAsync(csv, cancellationToken))
        {
            lineNumber++;
            if (lineNumber == 1)
            {
                var header = record.Select(h => h.Trim().ToLowerInvariant()).ToList();
                emailColumn = header.FindIndex(h => EmailHeaders.Contains(h));
                firstNameColumn = header.FindIndex(h => FirstNameHeaders.Contains(h));
                if (emailColumn < 0)
                {
                    errors.Add("csv", "The first line must be a header naming the e-mail column (email or Email Address).");
                    return (null, errors);
                }

                continue;
            }

            if (record.All(string.IsNullOrWhiteSpace)) continue;
            if (lineNumber > MaxLines + 1)
            {
                errors.Add("csv", $"At most {MaxLines} lines per import.");
                return (null, errors);
            }

            var email = emailColumn < record.Count ? record[emailColumn].Trim() : "";
            var firstName = firstNameColumn >= 0 && firstNameColumn < record.Count ? NameRules.Clean(record[firstNameColumn]) : null;
            lines.Add(await ImportOneAsync(lineNumber, email, firstName, audience, asConfirmed, proof, seen, cancellationToken));
        }

        return (new ImportReport(audienceId, asConfirmed ? MemberStatus.Confirmed : MemberStatus.Pending,
            lines.Count(l => l.Outcome == "added"), lines.Count(l => l.Outcome == "updated"),
            lines.Count(l => l.Outcome == "skipped"), lines.Count(l => l.Outcome == "invalid"), lines), errors);
    }

    private async Task<ImportLine> ImportOneAsync(
        int line, string rawEmail, string? firstName, Audience audience, bool asConfirmed, string proof, HashSet<string> seen, CancellationToken cancellationToken)
    {
        if (!EmailAddress.TryParse(rawEmail, out var email)) return new ImportLine(line, Shorten(rawEmail), "invalid", "not a valid e-mail address");
        if (NameRules.Check(firstName) is { } nameError) return new ImportLine(line, email.Value, "invalid", nameError);
        if (!seen.Add(email.Key)) return new ImportLine(line, email.Value, "skipped", "duplicate in this file");
        if (await store.IsSuppressedAsync(email.Key, cancellationToken)) return new ImportLine(line, email.Value, "skipped", "suppressed");

        var existing = await store.FindMemberAsync(audience.Id, email.Key, cancellationToken);
        if (existing?.Status == MemberStatus.Unsubscribed) return new ImportLine(line, email.Value, "skipped", "unsubscribed");
        if (existing?.Status == MemberStatus.Confirmed) return new ImportLine(line, email.Value, "skipped", "already confirmed");
        if (existing is not null && !asConfirmed) return new ImportLine(line, email.Value, "skipped", "already awaiting confirmation");

        var now = clock.GetUtcNow();
        await store.SaveMemberAsync(new Member
        {
            AudienceId = audience.Id, ContactKey = email.Key, Email = email.Value, FirstName = firstName ?? existing?.FirstName,
            Status = asConfirmed ? MemberStatus.Confirmed : MemberStatus.Pending, SubscribedAt = existing?.SubscribedAt ?? now,
            ConfirmedAt = asConfirmed ? now : null, Source = proof,
        }, cancellationToken);
        var contact = await EnsureContactAsync(email, firstName, now, cancellationToken);
        await store.AppendConsentAsync(email.Key, new ConsentRecord
        {
            At = now, Action = ConsentActions.Import, Source = proof, WordingVersion = asConfirmed ? "attested-by-team" : ConsentWording.Version, Audiences = [audience.Id],
        }, cancellationToken);
        if (!asConfirmed) await subscriptions.SendConfirmationIfAllowedAsync(contact, contact.Language, cancellationToken);
        return new ImportLine(line, email.Value, existing is null ? "added" : "updated", existing is null ? null : "pending → confirmed");
    }

    private async Task<Contact> EnsureContactAsync(EmailAddress email, string? firstName, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var contact = await store.FindContactAsync(email.Key, cancellationToken);
        if (contact is not null) return contact;
        await store.TrySaveContactAsync(new Contact { ContactKey = email.Key, Email = email.Value, FirstName = firstName, CreatedAt = now }, cancellationToken);
        return await store.FindContactAsync(email.Key, cancellationToken) ?? throw new InvalidOperationException("Contact vanished after creation.");
    }

    private static string Shorten(string value) => value.Length > 80 ? value[..80] + "…" : value;
}
