using System.ComponentModel;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outreach.Core.Audiences.Profiles;
using Outreach.Core.Common.Validation;
using Outreach.Core.Subscriptions;
using Outreach.Functions.Accounts;
using Outreach.Functions.Http;

namespace Outreach.Functions.Audiences;

/// <summary>The body of a profile edit: the fields to change and, for the route without the address in its path, the address.</summary>
public sealed record ProfileEditJson(
    string? Email, string? FirstName, string? LastName, string? Organisation, string? StructureType, string? Language,
    IReadOnlyList<string?>? Tags, IReadOnlyDictionary<string, string?>? Fields)
{
    public ProfileEdit ToEdit() => new(FirstName, LastName, Organisation, StructureType, Language, Tags, Fields);
}

/// <summary>Profile edits by the privacy officers and admins (audited like every admin change, the person named by peppered key).</summary>
public sealed class ProfileAdminFunctions(ProfileService profiles)
{
    private const string Fields = "{ firstName?, lastName?, organisation?, structureType?, language?, tags?: [..], fields?: { id: value } }";

    [Function("AdminEditProfile")]
    [Description("Edits one contact's profile " + Fields + ": a field left out stays, an empty text clears it, tags replaces the list, fields sets the custom fields named (checked against their definitions) → 200 with the profile; 404 when no contact has the address; 400 (nothing written) when a value is not valid.")]
    public async Task<IActionResult> Edit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/admin/subscribers/{email}/profile")] HttpRequest request, string email, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadJsonAsync<ProfileEditJson>(request, cancellationToken: cancellationToken);
        if (!body.Ok) return ApiResults.Unreadable(body.Error);
        return await EditAsync(Uri.UnescapeDataString(email), body.Value!, cancellationToken);
    }

    [Function("AdminEditProfileByBody")]
    [Description("The same edit with the address in the body { email, ... } (kept out of URLs and request logs).")]
    public async Task<IActionResult> EditByBody(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/subscribers/profile")] HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadJsonAsync<ProfileEditJson>(request, cancellationToken: cancellationToken);
        if (!body.Ok) return ApiResults.Unreadable(body.Error);
        if (EmailAddress.TryParse(body.Value!.Email, out var address)) request.NameAuditSubject(address);
        return await EditAsync(body.Value.Email, body.Value, cancellationToken);
    }

    private async Task<IActionResult> EditAsync(string? email, ProfileEditJson body, CancellationToken cancellationToken)
    {
        if (!EmailAddress.TryParse(email, out var address)) return ApiResults.Invalid(new ValidationErrors { { "email", "A valid e-mail address is required." } });
        var (outcome, contact, errors) = await profiles.EditAsync(address, body.ToEdit(), cancellationToken);
        return outcome switch
        {
            ProfileEditOutcome.Invalid => ApiResults.Invalid(errors),
            ProfileEditOutcome.NotFound => ApiResults.NotFound("Contact"),
            ProfileEditOutcome.Conflict => ApiResults.Problem(StatusCodes.Status409Conflict, "The profile kept changing while it was edited.", "Send the edit again."),
            _ => ApiResults.JsonBody(new { email = contact!.Email, profile = new { contact.FirstName, contact.Language, contact.Details } }),
        };
    }
}
