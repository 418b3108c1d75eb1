using System.Text.Json;
using Azure.Data.Tables;
using Outreach.Core.Audiences.Imports;
using Outreach.Core.Common.Storage;
using Outreach.Core.Common.Validation;
using Outreach.Core.Subscriptions;

namespace Outreach.Core.Audiences.Profiles;

/// <summary>
/// What the team chose for the public sign-up form: which profile fields it asks (never required: a sign-up asks for
/// consent, not data), and which audience each type de structure pre-selects.
/// </summary>
public sealed record SignupFormSettings
{
    public const string LastName = "lastName";
    public const string Organisation = "organisation";
    public const string StructureType = "structureType";

    /// <summary>The profile fields a form may ask besides the custom fields (named by their id).</summary>
    public static readonly IReadOnlyList<string> BuiltIn = [LastName, Organisation, StructureType];

    public const int MaxFields = 10;

    /// <summary>In the order the form shows them: <see cref="BuiltIn"/> names or custom field ids.</summary>
    public IReadOnlyList<string> Fields { get; init; } = [];

    /// <summary>Type de structure → the audience a form opened with that type (<c>?structureType=</c>) pre-selects.</summary>
    public IReadOnlyDictionary<string, string> AudienceByStructureType { get; init; } = DefaultAudiences;

    /// <summary>The hebdos are split by the kind of structure they serve.</summary>
    public static readonly IReadOnlyDictionary<string, string> DefaultAudiences = new Dictionary<string, string>
    {
        [StructureTypes.Association] = "hebdo-associations",
        [StructureTypes.Entreprise] = "hebdo-entreprises",
        [StructureTypes.Fondation] = "hebdo-entreprises",
        [StructureTypes.Collectivite] = "hebdo-entreprises",
        [StructureTypes.Particulier] = "hebdo-grand-public",
        [StructureTypes.Autre] = "hebdo-grand-public",
    };
}

/// <summary>The form as shown: the fields asked, each custom one with its definition.</summary>
public sealed record SignupFormFields(IReadOnlyList<string> BuiltIn, IReadOnlyList<CustomField> Custom, SignupFormSettings Settings)
{
    public static readonly SignupFormFields None = new([], [], new SignupFormSettings());

    public bool Asks(string builtIn) => BuiltIn.Contains(builtIn);
}

/// <summary>What a sign-up brings besides the address and first name: the values of the fields the form asks, as typed.</summary>
public sealed record SignupDetails(string? LastName, string? Organisation, string? StructureType, IReadOnlyDictionary<string, string?>? Fields)
{
    public static readonly SignupDetails None = new(null, null, null, null);
}

/// <summary>The team's draft of the settings: <c>{ fields: [..], audienceByStructureType?: { type: audience } }</c>.</summary>
public sealed record SignupFormDraft(IReadOnlyList<string?>? Fields, IReadOnlyDictionary<string, string?>? AudienceByStructureType);

/// <summary>The sign-up form's settings (stored; defaults: no field beyond e-mail and first name, the hebdos by type) and the reading of what a sign-up brings.</summary>
public sealed class SignupForm(StorageAccount storage, CustomFieldStore customFields, AudienceStore audiences)
{
    private const string Partition = "form";
    private const string Row = "signup";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<SignupFormSettings> SettingsAsync(CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.CustomFields);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition, Row, cancellationToken: cancellationToken);
        return row.HasValue && JsonSerializer.Deserialize<SignupFormSettings>(row.Value!.GetString("Settings") ?? "null", Json) is { } settings ? settings : new SignupFormSettings();
    }

    /// <summary>The fields the form asks now; a custom field deleted since it was chosen is left out.</summary>
    public async Task<SignupFormFields> FieldsAsync(CancellationToken cancellationToken = default)
    {
        var settings = await SettingsAsync(cancellationToken);
        if (settings.Fields.Count == 0) return SignupFormFields.None with { Settings = settings };
        var defined = await customFields.LoadAsync(cancellationToken);
        return new SignupFormFields(
            settings.Fields.Where(SignupFormSettings.BuiltIn.Contains).ToList(), settings.Fields.Select(defined.Find).OfType<CustomField>().ToList(), settings);
    }

    public async Task<(SignupFormSettings? Settings, ValidationErrors Errors)> UpdateAsync(SignupFormDraft draft, CancellationToken cancellationToken = default)
    {
        var errors = new ValidationErrors();
        var defined = await customFields.LoadAsync(cancellationToken);
        var fields = (draft.Fields ?? []).Select(f => f?.Trim() ?? "").ToList();
        foreach (var unknown in fields.Where(f => !SignupFormSettings.BuiltIn.Contains(f) && defined.Find(f) is null))
            errors.Add("fields", $"Unknown field: {Shorten(unknown)} ({string.Join(", ", SignupFormSettings.BuiltIn)}, or a custom field's id).");
        if (fields.Count > SignupFormSettings.MaxFields) errors.Add("fields", $"At most {SignupFormSettings.MaxFields} fields.");
        if (fields.Distinct().Count() != fields.Count) errors.Add("fields", "Each field at most once.");

        var open = (await audiences.ListAsync(cancellationToken)).Where(a => a.OpenForSignup).Select(a => a.Id).ToHashSet();
        var byType = new Dictionary<string, string>();
        foreach (var (typeText, audience) in draft.AudienceByStructureType ?? SignupFormSettings.DefaultAudiences.ToDictionary(p => p.Key, p => (string?)p.Value))
        {
            if (StructureTypes.Parse(typeText) is not { } type) errors.Add("audienceByStructureType", $"Unknown type de structure: {Shorten(typeText)}.");
            else if (audience is null || !open.Contains(audience)) errors.Add("audienceByStructureType", $"{type}: {Shorten(audience)} is not an audience open for sign-up.");
            else byType[type] = audience;
        }

        if (!errors.IsValid) return (null, errors);
        var settings = new SignupFormSettings { Fields = fields, AudienceByStructureType = byType };
        var table = await storage.TableAsync(TableNames.CustomFields);
        await table.UpsertEntityAsync(new TableEntity(Partition, Row) { ["Settings"] = JsonSerializer.Serialize(settings, Json) }, TableUpdateMode.Replace, cancellationToken);
        return (settings, errors);
    }

    /// <summary>
    /// The details a sign-up brings, read with the rules of an import: only the fields the form asks (others are
    /// ignored), each checked (errors keyed by the form's field names: <c>lastName</c>, <c>fields.&lt;id&gt;</c>…).
    /// </summary>
    public static (ContactDetails Details, ValidationErrors Errors) Read(SignupFormFields form, SignupDetails values)
    {
        var errors = new ValidationErrors();
        string? Text(string name, string? value, int max)
        {
            if (!form.Asks(name) || string.IsNullOrWhiteSpace(value)) return null;
            if (ProfileText.Check(name, value.Trim(), max) is { } error) errors.Add(name, error + ".");
            return value.Trim();
        }

        var lastName = Text(SignupFormSettings.LastName, values.LastName, NameRules.MaxFirstNameLength);
        var organisation = Text(SignupFormSettings.Organisation, values.Organisation, ImportParser.MaxOrganisationLength);
        string? structureType = null;
        if (form.Asks(SignupFormSettings.StructureType) && !string.IsNullOrWhiteSpace(values.StructureType)
            && (structureType = StructureTypes.Parse(values.StructureType)) is null)
            errors.Add(SignupFormSettings.StructureType, $"structureType must be one of {string.Join(", ", StructureTypes.All)}.");

        var fields = new Dictionary<string, string>();
        foreach (var field in form.Custom)
        {
            if (values.Fields?.GetValueOrDefault(field.Id) is not { } text || string.IsNullOrWhiteSpace(text)) continue;
            var (value, error) = field.Read(text);
            if (error is not null) errors.Add("fields." + field.Id, error + ".");
            else fields[field.Id] = value!;
        }

        return (new ContactDetails { LastName = lastName, Organisation = organisation, StructureType = structureType, Fields = fields }, errors);
    }

    private static string Shorten(string? value) => value is null ? "(empty)" : value.Length > 40 ? value[..40] + "…" : value;
}
