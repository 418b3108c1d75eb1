using System.Globalization;
using System.Text.RegularExpressions;
using Outreach.Core.Audiences.Imports;

namespace Outreach.Core.Audiences.Profiles;

public static class CustomFieldType
{
    public const string Text = "text";
    public const string Choice = "choice";
    public const string Date = "date";
    public const string YesNo = "yesno";

    public static readonly IReadOnlyList<string> All = [Text, Choice, Date, YesNo];
}

/// <summary>A choice of a <see cref="CustomFieldType.Choice"/> field: stored by id, shown by label.</summary>
public sealed record FieldOption(string Id, string Label, string? LabelEn = null);

/// <summary>A contact field the team defines (e.g. "Région", "Adhérent"); the sign-up form asks it when the team chooses so (<see cref="SignupFormSettings"/>).</summary>
public sealed partial record CustomField
{
    public const int MaxTextLength = 500;

    public required string Id { get; init; }
    public required string Label { get; init; }
    public string? LabelEn { get; init; }
    public required string Type { get; init; }
    public IReadOnlyList<FieldOption> Options { get; init; } = [];

    public int SortOrder { get; init; } = 100;

    public string LabelIn(string language) => language == "en" && !string.IsNullOrWhiteSpace(LabelEn) ? LabelEn : Label;

    /// <summary>What is wrong with this definition, field by field.</summary>
    public IEnumerable<(string Field, string Message)> Problems()
    {
        if (!IdPattern().IsMatch(Id)) yield return ("id", "id must be 1–40 lower-case letters, digits or dashes, starting with a letter.");
        if (ProfileText.Check("label", Label, 100) is not null || string.IsNullOrWhiteSpace(Label)) yield return ("label", "label is required: at most 100 characters on one line, no < or >.");
        if (ProfileText.Check("labelEn", LabelEn, 100) is { } labelEn) yield return ("labelEn", labelEn + ".");
        if (!CustomFieldType.All.Contains(Type)) yield return ("type", $"type must be one of {string.Join(", ", CustomFieldType.All)}.");
        if (Type == CustomFieldType.Choice && Options.Count == 0) yield return ("options", "a choice field needs options.");
        if (Type != CustomFieldType.Choice && Options.Count > 0) yield return ("options", "only a choice field has options.");
        if (Options.Count > 50) yield return ("options", "at most 50 options.");
        foreach (var option in Options)
        {
            if (!IdPattern().IsMatch(option.Id)) yield return ("options", $"option id {Shorten(option.Id)} must be 1–40 lower-case letters, digits or dashes.");
            if (string.IsNullOrWhiteSpace(option.Label) || ProfileText.Check("label", option.Label, 100) is not null || ProfileText.Check("labelEn", option.LabelEn, 100) is not null)
                yield return ("options", $"option {Shorten(option.Id)} needs a label of at most 100 characters on one line, no < or >.");
        }

        if (Options.Select(o => o.Id).Distinct().Count() != Options.Count) yield return ("options", "option ids must differ.");
    }

    /// <summary>
    /// The stored value for what a person or a file wrote: the text; a choice's id (from its id or either label); a date
    /// as <c>yyyy-MM-dd</c> (from that or <c>dd/MM/yyyy</c>); <c>true</c>/<c>false</c> (from oui/non, yes/no, 1/0).
    /// </summary>
    public (string? Value, string? Error) Read(string text)
    {
        var value = text.Trim();
        switch (Type)
        {
            case CustomFieldType.Choice:
                var folded = ColumnMapping.Fold(value);
                var option = Options.FirstOrDefault(o => o.Id == value || ColumnMapping.Fold(o.Label) == folded || (o.LabelEn is not null && ColumnMapping.Fold(o.LabelEn) == folded));
                return option is null ? (null, $"{Label}: {Shorten(value)} is not one of {string.Join(", ", Options.Select(o => o.Label))}") : (option.Id, null);
            case CustomFieldType.Date:
                return DateOnly.TryParseExact(value, ["yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                    ? (date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), null)
                    : (null, $"{Label}: {Shorten(value)} is not a date (2026-03-31 or 31/03/2026)");
            case CustomFieldType.YesNo:
                return ColumnMapping.Fold(value) switch
                {
                    "oui" or "yes" or "true" or "1" or "o" or "y" or "on" => ("true", null),
                    "non" or "no" or "false" or "0" or "n" or "off" => ("false", null),
                    _ => (null, $"{Label}: {Shorten(value)} is not oui/non (yes/no)"),
                };
            default:
                return ProfileText.Check(Label, value, MaxTextLength) is { } error ? (null, error) : (value, null);
        }
    }

    private static string Shorten(string value) => value.Length > 40 ? value[..40] + "…" : value;

    [GeneratedRegex("^[a-z][a-z0-9-]{0,39}$")]
    private static partial Regex IdPattern();
}

/// <summary>The custom fields the team defined, as one value the import, the forms and the segments read.</summary>
public sealed class CustomFieldSet(IReadOnlyList<CustomField> fields)
{
    public static readonly CustomFieldSet Empty = new([]);

    public IReadOnlyList<CustomField> All { get; } = fields;

    public CustomField? Find(string id) => All.FirstOrDefault(f => f.Id == id);

    /// <summary>Folded header (the id, the French or the English label) → <c>field:&lt;id&gt;</c>, for guessing an import's columns.</summary>
    public IReadOnlyDictionary<string, string> ByHeader { get; } = fields
        .SelectMany(f => new[] { f.Id, f.Label, f.LabelEn }.OfType<string>().Select(h => (Header: ColumnMapping.Fold(h), Field: ImportField.CustomPrefix + f.Id)))
        .Where(p => p.Header.Length > 0)
        .DistinctBy(p => p.Header)
        .ToDictionary(p => p.Header, p => p.Field);
}
