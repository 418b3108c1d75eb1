using System.ComponentModel;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outreach.Core.Audiences.Profiles;
using Outreach.Functions.Http;

namespace Outreach.Functions.Audiences;

/// <summary>A selection of contacts and the tags to add or remove.</summary>
public sealed record TagSelectionJson(IReadOnlyList<string?>? Tags, IReadOnlyList<string?>? Emails);

/// <summary>Tags added to or removed from many contacts at once: by a selection (JSON) or by a CSV file of addresses.</summary>
public sealed class TagAdminFunctions(BulkTags tags)
{
    private const string Usage = "JSON { tags: [..], emails: [..] } (a selection), or a text/csv body (a header naming the e-mail column, or one address per line) with ?tags=a,b; at most 10,000 addresses and 10 tags → 200 { tags, action, changed, unchanged, unknown, invalid, skipped, notChanged: [{ line, email, outcome, reason }] }; an address with no contact is reported unknown, never created.";

    [Function("AdminAddTags")]
    [Description("Adds tags to contacts: " + Usage)]
    public Task<IActionResult> Add(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/tags/add")] HttpRequest request, CancellationToken cancellationToken) =>
        ApplyAsync(request, add: true, cancellationToken);

    [Function("AdminRemoveTags")]
    [Description("Removes tags from contacts: " + Usage)]
    public Task<IActionResult> Remove(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/tags/remove")] HttpRequest request, CancellationToken cancellationToken) =>
        ApplyAsync(request, add: false, cancellationToken);

    private async Task<IActionResult> ApplyAsync(HttpRequest request, bool add, CancellationToken cancellationToken)
    {
        if (RequestBody.IsJson(request))
        {
            var body = await RequestBody.ReadJsonAsync<TagSelectionJson>(request, 1024 * 1024, cancellationToken);
            if (!body.Ok) return ApiResults.Unreadable(body.Error);
            return Answer(await tags.ApplyAsync(body.Value!.Tags, add, body.Value.Emails, cancellationToken));
        }

        var file = await RequestBody.ReadBytesAsync(request, AudienceAdminFunctions.MaxImportBytes, cancellationToken);
        if (!file.Ok) return ApiResults.Unreadable(file.Error);
        var names = (request.Query["tags"].FirstOrDefault() ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return Answer(await tags.ApplyCsvAsync(names, add, file.Value, cancellationToken));
    }

    private static IActionResult Answer((TagReport? Report, Core.Common.Validation.ValidationErrors Errors) result) =>
        result.Report is { } report ? ApiResults.JsonBody(report) : ApiResults.Invalid(result.Errors);
}
