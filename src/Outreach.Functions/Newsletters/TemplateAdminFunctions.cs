using System.ComponentModel;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outreach.Core.Common.Validation;
using Outreach.Core.Newsletters;
using Outreach.Functions.Http;

namespace Outreach.Functions.Newsletters;

/// <summary>The comms team's Liquid templates: list, read, create, edit (validated on save).</summary>
public sealed class TemplateAdminFunctions(TemplateService templates)
{
    public const int MaxTemplateBytes = 256 * 1024;

    [Function("AdminListTemplates")]
    [Description("Newsletter and digest templates: id, name, kind, updatedAt.")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/templates")] HttpRequest request, CancellationToken cancellationToken)
    {
        var all = await templates.ListAsync(cancellationToken);
        return ApiResults.JsonBody(all.Select(t => new { t.Id, t.Name, t.Kind, t.UpdatedAt }));
    }

    [Function("AdminGetTemplate")]
    [Description("One template with its Liquid source.")]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/templates/{id}")] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        var template = await templates.FindAsync(id, cancellationToken);
        return template is null ? ApiResults.NotFound("Template") : ApiResults.JsonBody(Json(template));
    }

    [Function("AdminCreateTemplate")]
    [Description("Creates a template { id?, name, kind: newsletter|digest, source (Liquid) } → 201; a Liquid syntax error → 400 naming line and column; 409 when the id exists.")]
    public async Task<IActionResult> Create(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/templates")] HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadJsonAsync<TemplateDraft>(request, MaxTemplateBytes, cancellationToken);
        if (!body.Ok) return ApiResults.Unreadable(body.Error);
        return ToResult(await templates.CreateAsync(body.Value!, cancellationToken), StatusCodes.Status201Created);
    }

    [Function("AdminUpdateTemplate")]
    [Description("Replaces a template (same body as create; the id comes from the route). Validated like create.")]
    public async Task<IActionResult> Update(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/admin/templates/{id}")] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadJsonAsync<TemplateDraft>(request, MaxTemplateBytes, cancellationToken);
        if (!body.Ok) return ApiResults.Unreadable(body.Error);
        return ToResult(await templates.UpdateAsync(id, body.Value!, cancellationToken), StatusCodes.Status200OK);
    }

    [Function("AdminPreviewTemplate")]
    [Description("The template rendered with its sample issue or digest (HTML).")]
    public async Task<IActionResult> Preview(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/templates/{id}/preview")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        await templates.PreviewAsync(id, cancellationToken) is { } mail ? ApiResults.Html(mail.Html) : ApiResults.NotFound("Template");

    [Function("AdminRestoreTemplate")]
    [Description("Puts the shipped source back in place of an edited default template (the newsletter and digest templates) → 200; 404 for another id.")]
    public async Task<IActionResult> Restore(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/templates/{id}/restore")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        ToResult(await templates.RestoreShippedAsync(id, cancellationToken), StatusCodes.Status200OK);

    private static IActionResult ToResult(TemplateResult result, int successStatus) => result.Change switch
    {
        TemplateChange.Saved => ApiResults.JsonBody(Json(result.Template!), successStatus),
        TemplateChange.Conflict => ApiResults.Problem(409, "A template with this id already exists."),
        TemplateChange.NotFound => ApiResults.NotFound("Template"),
        _ when result.SyntaxError is { } error => ApiResults.Problem(400, "The template is not valid Liquid.", error.ToString(),
            new ValidationErrors { { "source", error.ToString() } }, new Dictionary<string, object?> { ["line"] = error.Line, ["column"] = error.Column }),
        _ => ApiResults.Invalid(result.Errors ?? new ValidationErrors()),
    };

    private static object Json(NewsletterTemplate template) => new { template.Id, template.Name, template.Kind, template.Source, template.UpdatedAt };
}
