using System.ComponentModel;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outreach.Core.Audiences.Segments;
using Outreach.Functions.Http;

namespace Outreach.Functions.Audiences;

/// <summary>Segments: saved filters over one audience, and how many they reach.</summary>
public sealed class SegmentAdminFunctions(SegmentService segments)
{
    [Function("AdminCreateSegment")]
    [Description("Creates a segment { name, audience, where: { structureType?: [types, any of], tags?: [tags, all of], fields?: { fieldId: value }, signedUpAfter?, signedUpBefore?, engagement?: [{ registered|attended|missed: { session|series: id } } | { clickedInLastCampaigns: 1-50 }, all of] } } → 201 with its id and where as stored.")]
    public async Task<IActionResult> Create(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/segments")] HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadJsonAsync<SegmentDraft>(request, cancellationToken: cancellationToken);
        if (!body.Ok) return ApiResults.Unreadable(body.Error);
        var (segment, errors) = await segments.CreateAsync(body.Value!, cancellationToken);
        return segment is null ? ApiResults.Invalid(errors) : ApiResults.JsonBody(Json(segment), StatusCodes.Status201Created);
    }

    [Function("AdminListSegments")]
    [Description("Every segment, by name; ?audience= keeps one audience's.")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/segments")] HttpRequest request, CancellationToken cancellationToken)
    {
        var audience = request.Query["audience"].FirstOrDefault();
        var all = await segments.ListAsync(cancellationToken);
        return ApiResults.JsonBody(all.Where(s => audience is null || s.AudienceId == audience).Select(Json));
    }

    [Function("AdminGetSegment")]
    [Description("One segment.")]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/segments/{id}")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        await segments.FindAsync(id, cancellationToken) is { } segment ? ApiResults.JsonBody(Json(segment)) : ApiResults.NotFound("Segment");

    [Function("AdminCountSegment")]
    [Description("How many confirmed members a campaign to the segment would reach now → { count }.")]
    public async Task<IActionResult> Count(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/segments/{id}/count")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        await segments.CountAsync(id, cancellationToken) is { } count ? ApiResults.JsonBody(new { count }) : ApiResults.NotFound("Segment");

    [Function("AdminDeleteSegment")]
    [Description("Deletes a segment (campaigns already made keep the filter they were made with) → 204.")]
    public async Task<IActionResult> Delete(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/admin/segments/{id}")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        await segments.DeleteAsync(id, cancellationToken) ? new NoContentResult() : ApiResults.NotFound("Segment");

    private static object Json(Segment segment) => new { segment.Id, segment.Name, audience = segment.AudienceId, where = segment.Where, segment.CreatedAt };
}
