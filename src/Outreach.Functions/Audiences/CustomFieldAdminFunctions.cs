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
    [Description("The custom fields, in their order: [{ id, label, labelEn?, type: text|choice|date|yesno, options: [{ id, label, labelEn? }], onSignupForm, sortOrder }].")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/custom-fields")] HttpRequest request, CancellationToken cancellationToken) =>
        ApiResults.JsonBody(await fields.ListAsync(cancellationToken));

    [Function("AdminCreateCustomField")]
    [Description("Defines a custom field { id?, label, labelEn?, type: text|choice|date|yesno, options?: [{ id?, label, labelEn? }] (choice only), onSignupForm?, sortOrder? } → 201 with the field as kept (ids made from the labels when left out); 409 when the id is taken.")]
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
