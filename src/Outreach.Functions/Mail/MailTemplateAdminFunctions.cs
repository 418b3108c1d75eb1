using System.ComponentModel;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outreach.Core.Common.Validation;
using Outreach.Core.Mail.Templates;
using Outreach.Functions.Http;

namespace Outreach.Functions.Mail;

/// <summary>What the team sends to replace a mail template.</summary>
public sealed record MailTemplateEdit(string? Source);

/// <summary>The Liquid templates of the transactional mails and the programme: list, read, replace (checked on save), preview.</summary>
public sealed class MailTemplateAdminFunctions(MailTemplateService templates)
{
    public const int MaxTemplateBytes = 256 * 1024;

    [Function("AdminListMailTemplates")]
    [Description("Mail templates (confirmation, welcome, event mails, programme) per language: language, name, purpose, marketing, edited, updatedAt.")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/mail-templates")] HttpRequest request, CancellationToken cancellationToken) =>
        ApiResults.JsonBody(await templates.ListAsync(cancellationToken));

    [Function("AdminGetMailTemplate")]
    [Description("One mail template with its Liquid source; 404 for an unknown language or name.")]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/mail-templates/{language}/{name}")] HttpRequest request,
        string language, string name, CancellationToken cancellationToken)
    {
        var template = await templates.FindAsync(language, name, cancellationToken);
        return template is null ? ApiResults.NotFound("Mail template") : ApiResults.JsonBody(template);
    }

    [Function("AdminUpdateMailTemplate")]
    [Description("Replaces a mail template { source (Liquid) }; saved only if it parses, renders its sample and sets a subject, else 400 naming the line and column.")]
    public async Task<IActionResult> Update(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/admin/mail-templates/{language}/{name}")] HttpRequest request,
        string language, string name, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadJsonAsync<MailTemplateEdit>(request, MaxTemplateBytes, cancellationToken);
        if (!body.Ok) return ApiResults.Unreadable(body.Error);
        return ToResult(await templates.SaveAsync(language, name, body.Value!.Source, cancellationToken));
    }

    [Function("AdminRestoreMailTemplate")]
    [Description("Puts the shipped template back in place of an edited one → 200 with the template.")]
    public async Task<IActionResult> Restore(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/mail-templates/{language}/{name}/restore")] HttpRequest request,
        string language, string name, CancellationToken cancellationToken) =>
        ToResult(await templates.RestoreShippedAsync(language, name, cancellationToken));

    [Function("AdminPreviewMailTemplate")]
    [Description("The mail template rendered with its sample, in the mail layout (HTML; ?format=text for the text part).")]
    public async Task<IActionResult> Preview(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/mail-templates/{language}/{name}/preview")] HttpRequest request,
        string language, string name, CancellationToken cancellationToken)
    {
        var mail = await templates.PreviewAsync(language, name, cancellationToken);
        if (mail is null) return ApiResults.NotFound("Mail template");
        return request.Query["format"] == "text" ? ApiResults.Text(mail.Text) : ApiResults.Html(mail.Html);
    }

    private static IActionResult ToResult(MailTemplateResult result) => result.Change switch
    {
        MailTemplateChange.Saved => ApiResults.JsonBody(result.Template!),
        MailTemplateChange.NotFound => ApiResults.NotFound("Mail template"),
        _ => ApiResults.Problem(StatusCodes.Status400BadRequest, "The mail template cannot be used.", result.Error!.ToString(),
            new ValidationErrors { { "source", result.Error.ToString() } },
            new Dictionary<string, object?> { ["line"] = result.Error.Line, ["column"] = result.Error.Column }),
    };
}
