using System.Text.Json;
using Azure.Data.Tables;
using Outreach.Core.Audiences.Imports;

namespace Outreach.Core.Audiences.Profiles;

/// <summary>
/// What is known about a contact beyond the address and first name: last name, organisation, type de structure, tags
/// and the custom fields the team defined. Kept on the contact and copied onto each of its membership rows, so a
/// segment is filtered on the rows a campaign already pages, without a read per recipient.
/// </summary>
public sealed record ContactDetails
{
    public static readonly ContactDetails None = new();

    public string? LastName { get; init; }
    public string? Organisation { get; init; }

    /// <summary>One of <see cref="StructureTypes.All"/>.</summary>
    public string? StructureType { get; init; }

    /// <summary>Normalised tags (<see cref="Tags.Normalize"/>), sorted.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Custom field id → value as stored (text, choice id, <c>yyyy-MM-dd</c>, <c>true</c>/<c>false</c>).</summary>
    public IReadOnlyDictionary<string, string> Fields { get; init; } = new Dictionary<string, string>();

    public bool IsEmpty => SameAs(None);

    /// <summary>These details with the empty ones filled from <paramref name="incoming"/> and its tags added: what an import does.</summary>
    public ContactDetails CompletedWith(ContactDetails incoming) => new()
    {
        LastName = LastName ?? incoming.LastName,
        Organisation = Organisation ?? incoming.Organisation,
        StructureType = StructureType ?? incoming.StructureType,
        Tags = Profiles.Tags.Union(Tags, incoming.Tags),
        Fields = incoming.Fields.Where(f => !Fields.ContainsKey(f.Key)).Concat(Fields).ToDictionary(f => f.Key, f => f.Value),
    };

    public bool SameAs(ContactDetails other) =>
        LastName == other.LastName && Organisation == other.Organisation && StructureType == other.StructureType
        && Tags.SequenceEqual(other.Tags) && Fields.Count == other.Fields.Count
        && Fields.All(f => other.Fields.TryGetValue(f.Key, out var value) && value == f.Value);

    // ---- as table columns (on contact profiles and on membership rows) ----

    /// <summary>The columns these details are stored in; a segment's query selects them.</summary>
    public static readonly IReadOnlyList<string> Columns = ["LastName", "Organisation", "StructureType", "Tags", "Fields"];

    /// <summary>
    /// Writes the columns; an empty value is written as an empty string, not left out, so that a merge onto a membership
    /// row clears what was there (a merge keeps the columns it is not given).
    /// </summary>
    public void WriteTo(TableEntity entity)
    {
        entity["LastName"] = LastName ?? "";
        entity["Organisation"] = Organisation ?? "";
        entity["StructureType"] = StructureType ?? "";
        entity["Tags"] = Tags.Count == 0 ? "" : string.Join(',', Tags);
        entity["Fields"] = Fields.Count == 0 ? "" : JsonSerializer.Serialize(Fields);
    }

    public static ContactDetails ReadFrom(TableEntity entity) => new()
    {
        LastName = NullIfEmpty(entity.GetString("LastName")),
        Organisation = NullIfEmpty(entity.GetString("Organisation")),
        StructureType = NullIfEmpty(entity.GetString("StructureType")),
        Tags = (entity.GetString("Tags") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries),
        Fields = entity.GetString("Fields") is { Length: > 0 } json
            ? JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? new Dictionary<string, string>()
            : new Dictionary<string, string>(),
    };

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}

/// <summary>The kinds of structure the organisation speaks to; each hebdo serves some of them.</summary>
public static class StructureTypes
{
    public const string Association = "association";
    public const string Entreprise = "entreprise";
    public const string Fondation = "fondation";
    public const string Collectivite = "collectivite";
    public const string Particulier = "particulier";
    public const string Autre = "autre";

    public static readonly IReadOnlyList<string> All = [Association, Entreprise, Fondation, Collectivite, Particulier, Autre];

    private static readonly Dictionary<string, string> Spellings = new()
    {
        ["association"] = Association, ["asso"] = Association,
        ["entreprise"] = Entreprise, ["company"] = Entreprise, ["business"] = Entreprise, ["societe"] = Entreprise,
        ["fondation"] = Fondation, ["foundation"] = Fondation,
        ["collectivite"] = Collectivite, ["collectivites"] = Collectivite, ["collectiviteterritoriale"] = Collectivite,
        ["localauthority"] = Collectivite, ["publicbody"] = Collectivite,
        ["particulier"] = Particulier, ["individual"] = Particulier, ["person"] = Particulier,
        ["autre"] = Autre, ["other"] = Autre,
    };

    /// <summary>The type named by a cell or a form (any case, with or without accents, French or English); null when none.</summary>
    public static string? Parse(string? text) => text is null ? null : Spellings.GetValueOrDefault(ColumnMapping.Fold(text));

    public static string Label(string type, string language) => (type, language) switch
    {
        (Association, "en") => "Association",
        (Entreprise, "en") => "Company",
        (Fondation, "en") => "Foundation",
        (Collectivite, "en") => "Local authority",
        (Particulier, "en") => "Individual",
        (Autre, "en") => "Other",
        (Association, _) => "Association",
        (Entreprise, _) => "Entreprise",
        (Fondation, _) => "Fondation",
        (Collectivite, _) => "Collectivité",
        (Particulier, _) => "Particulier",
        _ => "Autre",
    };
}

/// <summary>Tags the team puts on contacts ("partenaire-2026", "intervenant").</summary>
public static class Tags
{
    public const int MaxLength = 50;
    public const int MaxPerContact = 30;

    /// <summary>Lower case, spaces become dashes; letters (accented too), digits, <c>-</c> and <c>_</c> only. Null when not a tag.</summary>
    public static string? Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var tag = string.Join('-', text.Trim().Trim('"', '\'').ToLowerInvariant().Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries));
        return tag.Length is > 0 and <= MaxLength && tag.All(c => char.IsLetterOrDigit(c) || c is '-' or '_') ? tag : null;
    }

    /// <summary>
    /// The tags of one cell: separated by <c>,</c> <c>;</c> or <c>|</c>, each possibly quoted (Mailchimp writes
    /// <c>"a","b"</c>). The error names the first value that is not a tag.
    /// </summary>
    public static (IReadOnlyList<string> Tags, string? Error) ParseList(string? cell)
    {
        if (string.IsNullOrWhiteSpace(cell)) return ([], null);
        var tags = new List<string>();
        foreach (var part in cell.Split([',', ';', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (part.Trim('"', '\'').Length == 0) continue;
            if (Normalize(part) is not { } tag) return ([], $"not a tag: {(part.Length > 40 ? part[..40] + "…" : part)} (letters, digits, - and _, at most {MaxLength} characters)");
            tags.Add(tag);
        }

        return tags.Count > MaxPerContact ? ([], $"at most {MaxPerContact} tags per contact") : (Union(tags, []), null);
    }

    public static IReadOnlyList<string> Union(IEnumerable<string> first, IEnumerable<string> second) =>
        first.Concat(second).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
}
