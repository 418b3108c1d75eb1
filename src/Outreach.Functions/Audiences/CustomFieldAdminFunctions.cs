using System.ComponentModel;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outreach.Core.Audiences.Profiles;
using Outreach.Functions.Http;

namespace Outreach.Functions.Audiences;

/// <summary>The custom fields the team defines on contacts (text, choice, date, yes/no).</summary>
public sealed class CustomFieldAdminFunctions(CustomFieldService fields)
{
    [Function("AdminListCustomFields")]
    [Description("The custom fields, in their order: [{ id, label, labelEn?, type: text|choice|date|yesno, options: [{ id, label, labelEn? }], sortOrder }].")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/custom-fields")] HttpRequest request, CancellationToken cancellationToken) =>
        ApiResults.JsonBody(await fields.ListAsync(cancellationToken));

    [Function("AdminCreateCustomField")]
    [Description("Defines a custom field { id?, label, labelEn?, type: text|choice|date|yesno, options?: [{ id?, label, labelEn? }] (choice only), sortOrder? } → 201 with the field as kept (ids made from the labels when left out); 409 when the id is taken.")]
    public async Task<IActionResult> Create(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/custom-fields")] HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadJsonAsync<CustomFieldDraft>(request, cancellationToken: cancellationToken);
        if (!body.Ok) return ApiResults.Unreadable(body.Error);
        var (outcome, field, errors) = await fields.CreateAsync(body.Value!, cancellationToken);
        return outcome switch
        {
            CustomFieldOutcome.Invalid => ApiResults.Invalid(errors),
            CustomFieldOutcome.AlreadyExists => ApiResults.Problem(StatusCodes.Status409Conflict, "A custom field with this id exists already.", "Delete it first, or choose another id."),
            _ => ApiResults.JsonBody(field!, StatusCodes.Status201Created),
        };
    }

    [Function("AdminDeleteCustomField")]
    [Description("Deletes a custom field's definition → 204: imports, forms and segments no longer read it; values already on profiles stay (GDPR export, erasure).")]
    public async Task<IActionResult> Delete(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/admin/custom-fields/{id}")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        await fields.DeleteAsync(id, cancellationToken) ? new NoContentResult() : ApiResults.NotFound("Custom field");
}

/// <summary>Which profile fields the public sign-up form asks, and the hebdo each type de structure pre-selects.</summary>
public sealed class SignupFormAdminFunctions(SignupForm form)
{
    [Function("AdminGetSignupForm")]
    [Description("The sign-up form's settings: { fields: [lastName|organisation|structureType|<custom field id>, …], audienceByStructureType: { type: audience } }.")]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/signup-form")] HttpRequest request, CancellationToken cancellationToken) =>
        ApiResults.JsonBody(await form.SettingsAsync(cancellationToken));

    [Function("AdminUpdateSignupForm")]
    [Description("Chooses the profile fields the sign-up form asks (in order, at most 10, none required) and the audience each type de structure pre-selects (GET /api/signup?structureType=association) → 200 with the settings; audienceByStructureType left out keeps the hebdos' defaults.")]
    public async Task<IActionResult> Update(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/admin/signup-form")] HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadJsonAsync<SignupFormDraft>(request, cancellationToken: cancellationToken);
        if (!body.Ok) return ApiResults.Unreadable(body.Error);
        var (settings, errors) = await form.UpdateAsync(body.Value!, cancellationToken);
        return settings is null ? ApiResults.Invalid(errors) : ApiResults.JsonBody(settings);
    }
}
