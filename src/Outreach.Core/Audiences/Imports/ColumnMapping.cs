using System.Globalization;
using System.Text;

namespace Outreach.Core.Audiences.Imports;

/// <summary>The contact fields a column can fill.</summary>
public static class ImportField
{
    public const string Email = "email";
    public const string FirstName = "firstName";
    public const string LastName = "lastName";
    public const string Organisation = "organisation";
    public const string StructureType = "structureType";
    public const string Language = "language";
    public const string Tags = "tags";

    /// <summary>A custom field the team defined: <c>field:</c> then its id.</summary>
    public const string CustomPrefix = "field:";

    public static readonly IReadOnlyList<string> Standard = [Email, FirstName, LastName, Organisation, StructureType, Language, Tags];
}

/// <summary>Which column fills which field: guessed from the header in French or English, or given by the team.</summary>
public sealed class ColumnMapping
{
    // Headers are compared folded: lower case, no accents, letters and digits only ("Adresse e-mail" → "adresseemail").
    private static readonly Dictionary<string, string> KnownHeaders = new()
    {
        ["email"] = ImportField.Email, ["emailaddress"] = ImportField.Email, ["adresseemail"] = ImportField.Email,
        ["adressemail"] = ImportField.Email, ["courriel"] = ImportField.Email, ["adressecourriel"] = ImportField.Email,
        ["adresseelectronique"] = ImportField.Email, ["mail"] = ImportField.Email, ["emailadresse"] = ImportField.Email,
        ["firstname"] = ImportField.FirstName, ["prenom"] = ImportField.FirstName, ["givenname"] = ImportField.FirstName, ["fname"] = ImportField.FirstName,
        ["lastname"] = ImportField.LastName, ["nom"] = ImportField.LastName, ["nomdefamille"] = ImportField.LastName,
        ["surname"] = ImportField.LastName, ["familyname"] = ImportField.LastName, ["lname"] = ImportField.LastName,
        ["organisation"] = ImportField.Organisation, ["organization"] = ImportField.Organisation, ["structure"] = ImportField.Organisation,
        ["nomdelastructure"] = ImportField.Organisation, ["organisme"] = ImportField.Organisation, ["company"] = ImportField.Organisation,
        ["societe"] = ImportField.Organisation,
        ["typedestructure"] = ImportField.StructureType, ["typestructure"] = ImportField.StructureType, ["structuretype"] = ImportField.StructureType,
        ["typedorganisation"] = ImportField.StructureType, ["organisationtype"] = ImportField.StructureType, ["organizationtype"] = ImportField.StructureType,
        ["language"] = ImportField.Language, ["langue"] = ImportField.Language, ["lang"] = ImportField.Language,
        ["tags"] = ImportField.Tags, ["tag"] = ImportField.Tags, ["etiquettes"] = ImportField.Tags, ["etiquette"] = ImportField.Tags,
    };

    private readonly Dictionary<string, int> columnOf;

    private ColumnMapping(Dictionary<string, int> columnOf) => this.columnOf = columnOf;

    /// <summary>Field → the header it is read from, for the preview.</summary>
    public IReadOnlyDictionary<string, string> Describe(IReadOnlyList<string> header) =>
        columnOf.OrderBy(p => p.Value).ToDictionary(p => p.Key, p => header[p.Value]);

    public bool Has(string field) => columnOf.ContainsKey(field);

    public IEnumerable<string> Fields => columnOf.Keys;

    /// <summary>The value of a field on a line; null when the column is absent or the cell empty.</summary>
    public string? ValueOf(string field, IReadOnlyList<string> values) =>
        columnOf.TryGetValue(field, out var column) && column < values.Count && !string.IsNullOrWhiteSpace(values[column]) ? values[column].Trim() : null;

    /// <summary>
    /// The mapping for a header: each known header fills its field (the first column wins when two could), a header
    /// equal to a custom field's id or label fills that field, then <paramref name="overrides"/> (field → header; an
    /// empty header drops the field) replace the guess.
    /// </summary>
    public static (ColumnMapping? Mapping, string? Error) Guess(
        IReadOnlyList<string> header, IReadOnlyDictionary<string, string?>? overrides = null, IReadOnlyDictionary<string, string>? customFieldsByHeader = null)
    {
        var columnOf = new Dictionary<string, int>();
        for (var i = 0; i < header.Count; i++)
        {
            var folded = Fold(header[i]);
            var field = KnownHeaders.GetValueOrDefault(folded) ?? customFieldsByHeader?.GetValueOrDefault(folded);
            if (field is not null) columnOf.TryAdd(field, i);
        }

        foreach (var (field, headerName) in overrides ?? new Dictionary<string, string?>())
        {
            if (!ImportField.Standard.Contains(field) && !(customFieldsByHeader?.Values.Contains(field) ?? false))
                return (null, $"mapping names an unknown field: {Shorten(field)} (known: {string.Join(", ", ImportField.Standard)}, or field:<id>).");
            if (string.IsNullOrEmpty(headerName))
            {
                columnOf.Remove(field);
                continue;
            }

            var column = FindColumn(header, headerName);
            if (column < 0) return (null, $"mapping names a column the file does not have: {Shorten(headerName)}.");
            columnOf[field] = column;
        }

        if (!columnOf.ContainsKey(ImportField.Email))
            return (null, "The first line must be a header naming the e-mail column (email, e-mail, adresse e-mail, courriel, Email Address), or give mapping={\"email\":\"<column>\"}.");
        return (new ColumnMapping(columnOf), null);
    }

    /// <summary>The team's mapping, as JSON: <c>{"email":"Courriel","organisation":"Nom de la structure","lastName":""}</c> (field → column).</summary>
    public static (IReadOnlyDictionary<string, string?>? Overrides, string? Error) ParseOverrides(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return (null, null);
        try
        {
            var overrides = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string?>>(json);
            return overrides is null ? (null, "mapping must be a JSON object of field → column.") : (overrides, null);
        }
        catch (System.Text.Json.JsonException)
        {
            return (null, "mapping must be a JSON object of field → column, e.g. {\"email\":\"Courriel\"}.");
        }
    }

    /// <summary>Lower case, accents removed, letters and digits only: how headers and choice values are compared.</summary>
    public static string Fold(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            if (char.IsLetterOrDigit(c)) builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }

    private static int FindColumn(IReadOnlyList<string> header, string name)
    {
        for (var i = 0; i < header.Count; i++)
            if (string.Equals(header[i].Trim(), name.Trim(), StringComparison.OrdinalIgnoreCase)) return i;
        for (var i = 0; i < header.Count; i++)
            if (Fold(header[i]) == Fold(name) && Fold(name).Length > 0) return i;
        return -1;
    }

    private static string Shorten(string value) => value.Length > 40 ? value[..40] + "…" : value;
}
