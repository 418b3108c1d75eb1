using System.ComponentModel;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outreach.Core.Campaigns.Reports;
using Outreach.Core.Events.Registrations;
using Outreach.Functions.Audiences;
using Outreach.Functions.Http;

namespace Outreach.Functions.Reports;

/// <summary>What the team reads after a send or a webinar: aggregates only, as JSON or (?format=csv) CSV.</summary>
public sealed class ReportFunctions(CampaignReports campaigns, RegistrantReport webinars)
{
    [Function("AdminCampaignReport")]
    [Description("A campaign's report: delivered, unique opens (when tracked), unique clicks and click rate, clicks per link, bounces by kind, complaints, unsubscribes, the first 72 hours hour by hour. ?format=csv for CSV.")]
    public async Task<IActionResult> Campaign(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/campaigns/{id}/report")] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        var report = await campaigns.FindAsync(id, cancellationToken);
        if (report is null) return ApiResults.NotFound("Campaign");
        return request.WantsCsv() ? Csv($"campaign-{id}-report.csv", CampaignReports.ToCsv(report)) : ApiResults.JsonBody(report);
    }

    [Function("AdminCompareCampaigns")]
    [Description("The last newsletters and digests side by side (?last=1..24, default 6), newest first. ?format=csv for CSV.")]
    public async Task<IActionResult> Compare(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/reports/campaigns")] HttpRequest request, CancellationToken cancellationToken)
    {
        if (!ReadLast(request.Query["last"], out var last))
            return ApiResults.Problem(StatusCodes.Status400BadRequest, "One or more fields are invalid.", errors: new Dictionary<string, string[]> { ["last"] = [$"last must be a whole number from 1 to {CampaignReports.MaxCompared}."] });
        var reports = await campaigns.CompareAsync(last, cancellationToken);
        return request.WantsCsv() ? Csv("campaigns-compared.csv", CampaignReports.ToCsv(reports)) : ApiResults.JsonBody(new { campaigns = reports });
    }

    [Function("AdminWebinarReport")]
    [Description("A session's report: registered, waitlisted, cancelled, attended, no-shows once it is over, and registrations by the way they came (page, newsletter, programme mail…). ?format=csv for CSV.")]
    public async Task<IActionResult> Webinar(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/events/{id}/report")] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        var report = await webinars.ReportAsync(id, cancellationToken);
        if (report is null) return ApiResults.NotFound("Session");
        return request.WantsCsv() ? Csv($"session-{id}-report.csv", RegistrantReport.ToCsv(report)) : ApiResults.JsonBody(report);
    }

    private static bool ReadLast(string? text, out int last)
    {
        last = 6;
        return string.IsNullOrEmpty(text) || (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out last) && last is >= 1 and <= CampaignReports.MaxCompared);
    }

    private static StreamedCsvResult Csv(string fileName, string csv) => new(fileName, (writer, _) => writer.WriteAsync(csv));
}
