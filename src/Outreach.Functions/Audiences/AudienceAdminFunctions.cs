using System.ComponentModel;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outreach.Core.Audiences;
using Outreach.Core.Audiences.Imports;
using Outreach.Core.Common.Validation;
using Outreach.Core.Subscriptions;
using Outreach.Functions.Http;

namespace Outreach.Functions.Audiences;

/// <summary>The comms team's audience endpoints: counts, create, edit, page, export, import.</summary>
public sealed class AudienceAdminFunctions(AudienceService audiences, AudienceMembers members, SubscriberExport export, SubscriberImport import)
{
    public const int MaxImportBytes = 10 * 1024 * 1024;

    [Function("AdminListAudiences")]
    [Description("Audiences with subscriber counts per status.")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/audiences")] HttpRequest request, CancellationToken cancellationToken)
    {
        var all = await audiences.ListWithCountsAsync(cancellationToken);
        return ApiResults.JsonBody(all.Select(a => new { a.Audience.Id, a.Audience.Name, a.Audience.NameEn, a.Audience.Description, a.Audience.DescriptionEn, a.Audience.Cadence, a.Audience.OpenForSignup, a.Audience.SortOrder, counts = a.Counts }));
    }

    [Function("AdminCreateAudience")]
    [Description("Creates an audience: { id, name, nameEn?, description?, descriptionEn?, cadence, openForSignup?, sortOrder? } → 201; 409 when the id exists.")]
    public async Task<IActionResult> Create(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/audiences")] HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadJsonAsync<AudienceJson>(request, cancellationToken: cancellationToken);
        if (!body.Ok) return ApiResults.Unreadable(body.Error);
        var audience = body.Value!.ToAudience(body.Value.Id ?? "");
        var (change, errors) = await audiences.CreateAsync(audience, cancellationToken);
        return change switch
        {
            AudienceChange.Invalid => ApiResults.Invalid(errors),
            AudienceChange.Conflict => ApiResults.Problem(409, "An audience with this id already exists."),
            _ => ApiResults.JsonBody(audience, StatusCodes.Status201Created),
        };
    }

    [Function("AdminUpdateAudience")]
    [Description("Edits an audience (same body as create; the id comes from the route).")]
    public async Task<IActionResult> Update(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/admin/audiences/{id}")] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadJsonAsync<AudienceJson>(request, cancellationToken: cancellationToken);
        if (!body.Ok) return ApiResults.Unreadable(body.Error);
        var audience = body.Value!.ToAudience(id);
        var (change, errors) = await audiences.UpdateAsync(audience, cancellationToken);
        return change switch
        {
            AudienceChange.Invalid => ApiResults.Invalid(errors),
            AudienceChange.NotFound => ApiResults.NotFound("Audience"),
            _ => ApiResults.JsonBody(audience),
        };
    }

    [Function("AdminListSubscribers")]
    [Description("Pages through an audience's subscribers: ?status=pending|confirmed|unsubscribed&pageSize=1..1000&continuationToken=…")]
    public async Task<IActionResult> Subscribers(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/audiences/{id}/subscribers")] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        var paging = PagingQuery.Read(request, MemberStatus.All);
        if (!paging.IsValid) return ApiResults.Invalid(paging.Errors);
        var page = await members.PageAsync(id, paging.Status, paging.PageSize, paging.ContinuationToken, cancellationToken);
        if (page is null) return ApiResults.NotFound("Audience");
        if (page.InvalidToken) return ApiResults.InvalidContinuationToken();
        return ApiResults.JsonBody(new
        {
            items = page.Items.Select(m => new { m.Email, m.FirstName, m.Status, m.SubscribedAt, m.ConfirmedAt, m.UnsubscribedAt, m.Source }),
            continuationToken = page.ContinuationToken,
        });
    }

    [Function("AdminExportSubscribers")]
    [Description("CSV export of an audience (streamed); ?status= filters.")]
    public async Task<IActionResult> Export(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/audiences/{id}/export.csv")] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        if (!await members.ExistsAsync(id, cancellationToken)) return ApiResults.NotFound("Audience");
        var status = request.Query["status"].FirstOrDefault();
        if (status is not null && !MemberStatus.All.Contains(status)) return ApiResults.Invalid(new ValidationErrors { { "status", "status must be pending, confirmed or unsubscribed." } });
        return new StreamedCsvResult($"{id}.csv", (writer, ct) => export.WriteCsvAsync(id, status, writer, ct));
    }

    [Function("AdminImportSubscribers")]
    [Description("CSV import for small files (text/csv; , ; or tab; UTF-8 with or without BOM, or Windows-1252; headers in French or English, or Mailchimp's export; a tags column tags the people); ?status=pending|confirmed&source=TEXT&mapping={\"field\":\"column\"} → per-line report.")]
    public async Task<IActionResult> Import(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/audiences/{id}/import")] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        var status = request.Query["status"].FirstOrDefault();
        var source = request.Query["source"].FirstOrDefault();
        var parameterErrors = SubscriberImport.ValidateParameters(status, source);
        if (!parameterErrors.IsValid) return ApiResults.Invalid(parameterErrors);
        if (!await members.ExistsAsync(id, cancellationToken)) return ApiResults.NotFound("Audience");

        var (mapping, mappingError) = ColumnMapping.ParseOverrides(request.Query["mapping"].FirstOrDefault());
        if (mappingError is not null) return ApiResults.Invalid(new ValidationErrors { { "mapping", mappingError } });
        var body = await RequestBody.ReadBytesAsync(request, MaxImportBytes, cancellationToken);
        if (!body.Ok) return ApiResults.Unreadable(body.Error);
        var (report, errors) = await import.ImportAsync(id, body.Value, status, source, mapping, cancellationToken);
        return report is null ? ApiResults.Invalid(errors) : ApiResults.JsonBody(report);
    }

    private sealed record AudienceJson(string? Id, string? Name, string? NameEn, string? Description, string? DescriptionEn, string? Cadence, bool? OpenForSignup, int? SortOrder)
    {
        public Audience ToAudience(string id) => new()
        {
            Id = id, Name = Name ?? "", NameEn = NameEn, Description = Description ?? "", DescriptionEn = DescriptionEn,
            Cadence = Cadence ?? "weekly", OpenForSignup = OpenForSignup ?? true, SortOrder = SortOrder ?? 100,
        };
    }
}

/// <summary>Writes a CSV straight to the response, page by page, never holding the whole file.</summary>
public sealed class StreamedCsvResult(string fileName, Func<TextWriter, CancellationToken, Task> write) : IActionResult
{
    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        await using var writer = new StreamWriter(response.Body, new UTF8Encoding(false), 16 * 1024, leaveOpen: true);
        await write(writer, context.HttpContext.RequestAborted);
        await writer.FlushAsync();
    }
}
