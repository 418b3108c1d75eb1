using Outreach.Core.Audiences.Profiles;
using Outreach.Core.Subscriptions;
using Outreach.Functions.Http;

namespace Outreach.Functions.Subscriptions;

/// <summary>The sign-up form's fields as a sign-up: e-mail, first name, lists, consent, honeypot, and the profile fields it asks (<c>fields.&lt;id&gt;</c> for a custom one).</summary>
public static class SignupFormPost
{
    public const string CustomFieldPrefix = "fields.";

    public static SignupRequest Read(FormFields fields, string language) => new()
    {
        Email = fields.Text("email"),
        FirstName = fields.Text("firstName"),
        Audiences = fields.All("audiences"),
        Consent = fields.Text("consent") is "on" or "true" or "yes" or "1",
        Source = fields.Text("source") ?? "signup-form",
        Website = fields.Text("website"),
        Language = language,
        Details = new SignupDetails(
            fields.Optional(SignupFormSettings.LastName), fields.Optional(SignupFormSettings.Organisation), fields.Optional(SignupFormSettings.StructureType),
            fields.Keys.Where(k => k.StartsWith(CustomFieldPrefix, StringComparison.Ordinal))
                .ToDictionary(k => k[CustomFieldPrefix.Length..], k => fields.Optional(k))),
    };
}
