using Outreach.Core.Audiences.Imports;
using Outreach.Core.Common.Validation;
using Outreach.Core.Subscriptions;

namespace Outreach.Core.Audiences.Profiles;

/// <summary>
/// A change to a profile: each field given replaces what is held, a field left out (or null) stays as it is, an empty
/// text clears it. <c>tags</c> replaces the whole list (<c>[]</c> clears it); <c>fields</c> sets the custom fields named
/// (an empty value clears one) and leaves the others.
/// </summary>
public sealed record ProfileEdit(
    string? FirstName, string? LastName, string? Organisation, string? StructureType, string? Language,
    IReadOnlyList<string?>? Tags, IReadOnlyDictionary<string, string?>? Fields);

public enum ProfileEditOutcome
{
    Saved,
    Invalid,
    NotFound,
    Conflict,
}

/// <summary>
/// Profile edits by the team (<c>privacy</c>, <c>admin</c>): every value is checked first, against the same rules as an
/// import and the custom fields' definitions, and nothing is written unless all of them are valid. The contact row
/// and the copy on each membership row change together (<see cref="ContactWriter"/>).
/// </summary>
public sealed class ProfileService(ContactStore store, CustomFieldStore customFields, ContactWriter writer)
{
    private const int MaxAttempts = 3;

    public async Task<(ProfileEditOutcome Outcome, Contact? Contact, ValidationErrors Errors)> EditAsync(
        EmailAddress email, ProfileEdit edit, CancellationToken cancellationToken = default)
    {
        var fields = await customFields.LoadAsync(cancellationToken);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            if (await store.FindContactAsync(email.Key, cancellationToken) is not { } contact) return (ProfileEditOutcome.NotFound, null, new ValidationErrors());
            var (edited, errors) = Apply(contact, edit, fields);
            if (edited is null) return (ProfileEditOutcome.Invalid, null, errors);
            if (await writer.TrySaveAsync(edited, cancellationToken)) return (ProfileEditOutcome.Saved, edited, errors);
        }

        return (ProfileEditOutcome.Conflict, null, new ValidationErrors());
    }

    /// <summary>The contact with the edit applied, or the reasons it cannot be.</summary>
    public static (Contact? Contact, ValidationErrors Errors) Apply(Contact contact, ProfileEdit edit, CustomFieldSet fields)
    {
        var errors = new ValidationErrors();
        var firstName = Text(edit.FirstName, contact.FirstName, "firstName", NameRules.MaxFirstNameLength, errors);
        var lastName = Text(edit.LastName, contact.Details.LastName, "lastName", NameRules.MaxFirstNameLength, errors);
        var organisation = Text(edit.Organisation, contact.Details.Organisation, "organisation", ImportParser.MaxOrganisationLength, errors);

        var structureType = contact.Details.StructureType;
        if (edit.StructureType is { } typeText)
        {
            structureType = typeText.Trim().Length == 0 ? null : StructureTypes.Parse(typeText);
            if (typeText.Trim().Length > 0 && structureType is null)
                errors.Add("structureType", $"structureType must be one of {string.Join(", ", StructureTypes.All)}.");
        }

        var language = contact.Language;
        if (edit.Language is { } languageText)
        {
            if (Languages.Parse(languageText) is { } parsed) language = parsed;
            else errors.Add("language", "language must be fr or en.");
        }

        var tags = contact.Details.Tags;
        if (edit.Tags is { } tagTexts)
        {
            var normalized = tagTexts.Select(t => (Text: t, Tag: Profiles.Tags.Normalize(t))).ToList();
            foreach (var bad in normalized.Where(t => t.Tag is null))
                errors.Add("tags", $"Not a tag: {Shorten(bad.Text)} (letters, digits, - and _, at most {Profiles.Tags.MaxLength} characters).");
            tags = Profiles.Tags.Union(normalized.Select(t => t.Tag).OfType<string>(), []);
            if (tags.Count > Profiles.Tags.MaxPerContact) errors.Add("tags", $"At most {Profiles.Tags.MaxPerContact} tags per contact.");
        }

        var values = new Dictionary<string, string>(contact.Details.Fields);
        foreach (var (id, text) in edit.Fields ?? new Dictionary<string, string?>())
        {
            if (fields.Find(id) is not { } field) errors.Add($"fields.{Shorten(id)}", $"No custom field {Shorten(id)} is defined.");
            else if (string.IsNullOrWhiteSpace(text)) values.Remove(id);
            else if (field.Read(text) is { Error: { } error }) errors.Add($"fields.{id}", error + ".");
            else values[id] = field.Read(text).Value!;
        }

        if (!errors.IsValid) return (null, errors);
        var details = new ContactDetails { LastName = lastName, Organisation = organisation, StructureType = structureType, Tags = tags, Fields = values };
        return (contact with { FirstName = firstName, Language = language, Details = details }, errors);
    }

    private static string? Text(string? edit, string? current, string name, int maxLength, ValidationErrors errors)
    {
        if (edit is null) return current;
        var value = edit.Trim();
        if (value.Length == 0) return null;
        if (ProfileText.Check(name, value, maxLength) is { } error) errors.Add(name, error + ".");
        return value;
    }

    private static string Shorten(string? value) => value is null ? "(empty)" : value.Length > 40 ? value[..40] + "…" : value;
}
