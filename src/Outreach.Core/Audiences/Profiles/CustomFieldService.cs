using System.Globalization;
using System.Text;
using Outreach.Core.Common.Validation;

namespace Outreach.Core.Audiences.Profiles;

/// <summary>What the team sends to define a field: <c>{ id?, label, labelEn?, type, options?: [{ id?, label, labelEn? }], sortOrder? }</c>.</summary>
public sealed record CustomFieldDraft(
    string? Id, string? Label, string? LabelEn, string? Type, IReadOnlyList<FieldOptionDraft?>? Options, int? SortOrder);

/// <summary>One option of a choice field; its id is made from its label when left out.</summary>
public sealed record FieldOptionDraft(string? Id, string? Label, string? LabelEn);

public enum CustomFieldOutcome
{
    Created,
    Invalid,
    AlreadyExists,
}

/// <summary>
/// The custom fields the team defines (text, choice, date, yes/no): checked before they are kept, at most
/// <see cref="MaxFields"/>. A deleted field's values stay on the profiles that have one (they are in the GDPR export and
/// go with an erasure) but no import, form or segment reads it any more.
/// </summary>
public sealed class CustomFieldService(CustomFieldStore store)
{
    public const int MaxFields = 50;

    /// <summary>Names the built-in profile fields have, which a custom field may not take.</summary>
    private static readonly string[] Reserved = ["email", "firstname", "lastname", "organisation", "structuretype", "language", "tags"];

    public async Task<IReadOnlyList<CustomField>> ListAsync(CancellationToken cancellationToken = default) =>
        (await store.LoadAsync(cancellationToken)).All;

    public async Task<(CustomFieldOutcome Outcome, CustomField? Field, ValidationErrors Errors)> CreateAsync(CustomFieldDraft draft, CancellationToken cancellationToken = default)
    {
        var errors = new ValidationErrors();
        var field = ToField(draft);
        foreach (var (name, message) in field.Problems()) errors.Add(name, message);
        if (Reserved.Contains(field.Id.Replace("-", "", StringComparison.Ordinal))) errors.Add("id", $"{field.Id} is a profile field already.");
        if (draft.SortOrder is < 0 or > 10_000) errors.Add("sortOrder", "sortOrder must be between 0 and 10000.");
        if (!errors.IsValid) return (CustomFieldOutcome.Invalid, null, errors);

        var existing = await store.LoadAsync(cancellationToken);
        if (existing.Find(field.Id) is not null) return (CustomFieldOutcome.AlreadyExists, null, errors);
        if (existing.All.Count >= MaxFields)
        {
            errors.Add("id", $"At most {MaxFields} custom fields: delete one first.");
            return (CustomFieldOutcome.Invalid, null, errors);
        }

        await store.SaveAsync(field, cancellationToken);
        return (CustomFieldOutcome.Created, field, errors);
    }

    /// <summary>False when there is no such field (an id no field could have included).</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        id is { Length: > 0 and <= 40 } && id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
        && (await store.LoadAsync(cancellationToken)).Find(id) is not null && await store.DeleteAsync(id, cancellationToken);

    private static CustomField ToField(CustomFieldDraft draft) => new()
    {
        Id = string.IsNullOrWhiteSpace(draft.Id) ? IdFrom(draft.Label) : draft.Id.Trim(),
        Label = draft.Label?.Trim() ?? "",
        LabelEn = string.IsNullOrWhiteSpace(draft.LabelEn) ? null : draft.LabelEn.Trim(),
        Type = draft.Type?.Trim().ToLowerInvariant() ?? "",
        Options = (draft.Options ?? []).OfType<FieldOptionDraft>().Select(o => new FieldOption(
            string.IsNullOrWhiteSpace(o.Id) ? IdFrom(o.Label) : o.Id.Trim(), o.Label?.Trim() ?? "", string.IsNullOrWhiteSpace(o.LabelEn) ? null : o.LabelEn.Trim())).ToList(),
        SortOrder = draft.SortOrder ?? 100,
    };

    /// <summary>An id made from a label: "Région d'origine" → <c>region-d-origine</c>.</summary>
    public static string IdFrom(string? label)
    {
        var id = new StringBuilder();
        foreach (var c in (label ?? "").Normalize(NormalizationForm.FormD).ToLowerInvariant())
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            if (char.IsAsciiLetterOrDigit(c)) id.Append(c);
            else if (id.Length > 0 && id[^1] != '-') id.Append('-');
        }

        var text = id.ToString().Trim('-');
        return text.Length > 40 ? text[..40].TrimEnd('-') : text;
    }
}
