using Outreach.Core.Audiences.Profiles;
using Outreach.Core.Subscriptions;
using Outreach.Core.Common.Validation;

namespace Outreach.Core.Audiences.Imports;

/// <summary>A line that reads as a contact.</summary>
public sealed record ImportedContact(int Line, EmailAddress Email, string? FirstName, string? Language, ContactDetails Details);

/// <summary>A line that will not be imported, why, and its values as written (for the rejected-lines file).</summary>
public sealed record RejectedLine(int Line, string? Email, string Outcome, string Reason, IReadOnlyList<string> Values);

/// <summary>A whole file read and checked, before anything is written.</summary>
public sealed record ParsedImport(
    ImportFormat Format,
    IReadOnlyList<string> Columns,
    IReadOnlyDictionary<string, string> Mapping,
    IReadOnlyList<IReadOnlyList<string>> FirstRows,
    IReadOnlyList<ImportedContact> Contacts,
    IReadOnlyList<RejectedLine> Rejected)
{
    /// <summary>Lines after the header, blank ones left out.</summary>
    public int Lines => Contacts.Count + Rejected.Count;
}

/// <summary>Turns an uploaded file into contacts and rejected lines; refuses the whole file when it cannot be imported.</summary>
public static class ImportParser
{
    public const int MaxLines = 100_000;
    public const int MaxOrganisationLength = 200;
    public const int PreviewRows = 5;

    public static (ParsedImport? Import, ValidationErrors Errors) Parse(
        ReadOnlyMemory<byte> file, IReadOnlyDictionary<string, string?>? mapping = null, CustomFieldSet? customFields = null)
    {
        var errors = new ValidationErrors();
        customFields ??= CustomFieldSet.Empty;
        var (format, lines) = ImportFile.Open(file);
        using var reader = lines.GetEnumerator();
        if (!reader.MoveNext() || reader.Current.Values.All(string.IsNullOrWhiteSpace))
        {
            errors.Add("csv", "The file is empty: the first line must be a header naming the e-mail column.");
            return (null, errors);
        }

        var header = reader.Current.Values.Select(h => h.Trim()).ToList();
        var (columns, mappingError) = ColumnMapping.Guess(header, mapping, customFields.ByHeader);
        if (columns is null)
        {
            errors.Add(mapping is null ? "csv" : "mapping", mappingError!);
            return (null, errors);
        }

        var contacts = new List<ImportedContact>();
        var rejected = new List<RejectedLine>();
        var firstRows = new List<IReadOnlyList<string>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (reader.MoveNext())
        {
            var line = reader.Current;
            if (line.Problem is null && line.Values.All(string.IsNullOrWhiteSpace)) continue;
            if (contacts.Count + rejected.Count == MaxLines)
            {
                errors.Add("csv", $"At most {MaxLines} lines per import; nothing was imported.");
                return (null, errors);
            }

            if (firstRows.Count < PreviewRows) firstRows.Add(line.Values);
            var (contact, reject) = ReadContact(line, header.Count, columns, customFields);
            if (contact is not null && !seen.Add(contact.Email.Key))
                reject = new RejectedLine(line.Line, contact.Email.Value, "skipped", "duplicate in this file", line.Values);
            if (reject is not null) rejected.Add(reject);
            else contacts.Add(contact!);
        }

        return (new ParsedImport(format, header, columns.Describe(header), firstRows, contacts, rejected), errors);
    }

    private static (ImportedContact? Contact, RejectedLine? Reject) ReadContact(CsvLine line, int columnCount, ColumnMapping columns, CustomFieldSet customFields)
    {
        var rawEmail = columns.ValueOf(ImportField.Email, line.Values);
        RejectedLine Invalid(string reason) => new(line.Line, Shorten(rawEmail), "invalid", reason, line.Values);

        if (line.Problem is not null) return (null, Invalid(line.Problem));
        if (line.Values.Skip(columnCount).Any(v => !string.IsNullOrWhiteSpace(v)))
            return (null, Invalid($"{line.Values.Count} values where the header has {columnCount} columns (a delimiter inside an unquoted value?)"));
        if (!EmailAddress.TryParse(rawEmail, out var email)) return (null, Invalid("not a valid e-mail address"));

        var firstName = columns.ValueOf(ImportField.FirstName, line.Values);
        var lastName = columns.ValueOf(ImportField.LastName, line.Values);
        var organisation = columns.ValueOf(ImportField.Organisation, line.Values);
        if (ProfileText.Check("first name", firstName, NameRules.MaxFirstNameLength) is { } firstNameError) return (null, Invalid(firstNameError));
        if (ProfileText.Check("last name", lastName, NameRules.MaxFirstNameLength) is { } lastNameError) return (null, Invalid(lastNameError));
        if (ProfileText.Check("organisation", organisation, MaxOrganisationLength) is { } organisationError) return (null, Invalid(organisationError));

        var structureCell = columns.ValueOf(ImportField.StructureType, line.Values);
        var structureType = StructureTypes.Parse(structureCell);
        if (structureCell is not null && structureType is null)
            return (null, Invalid($"unknown type de structure: {Shorten(structureCell)} ({string.Join(", ", StructureTypes.All)})"));

        var languageCell = columns.ValueOf(ImportField.Language, line.Values);
        var language = Languages.Parse(languageCell);
        if (languageCell is not null && language is null) return (null, Invalid($"unknown language: {Shorten(languageCell)} (fr or en)"));

        var (tags, tagError) = Tags.ParseList(columns.ValueOf(ImportField.Tags, line.Values));
        if (tagError is not null) return (null, Invalid(tagError));

        var fields = new Dictionary<string, string>();
        foreach (var field in customFields.All.Where(f => columns.Has(ImportField.CustomPrefix + f.Id)))
        {
            var cell = columns.ValueOf(ImportField.CustomPrefix + field.Id, line.Values);
            if (cell is null) continue;
            var (value, fieldError) = field.Read(cell);
            if (fieldError is not null) return (null, Invalid(fieldError));
            fields[field.Id] = value!;
        }

        var details = new ContactDetails { LastName = lastName, Organisation = organisation, StructureType = structureType, Tags = tags, Fields = fields };
        return (new ImportedContact(line.Line, email, firstName, language, details), null);
    }

    private static string? Shorten(string? value) => value is { Length: > 80 } ? value[..80] + "…" : value;
}

/// <summary>The rule for short profile texts: a bounded length, one line, no markup.</summary>
public static class ProfileText
{
    public static string? Check(string what, string? value, int maxLength)
    {
        if (value is null) return null;
        if (value.Length > maxLength) return $"{what} must be at most {maxLength} characters";
        if (value.Any(char.IsControl)) return $"{what} must not contain line breaks or control characters";
        if (value.IndexOfAny(['<', '>']) >= 0) return $"{what} must not contain < or >";
        return null;
    }
}

/// <summary>The languages people are written to in.</summary>
public static class Languages
{
    public static string? Parse(string? text) => text is null ? null : ColumnMapping.Fold(text) switch
    {
        "fr" or "francais" or "french" or "fra" or "fre" => "fr",
        "en" or "anglais" or "english" or "eng" => "en",
        _ => null,
    };
}
