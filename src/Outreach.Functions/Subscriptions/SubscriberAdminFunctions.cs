using System.ComponentModel;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outreach.Core.Subscriptions;
using Outreach.Functions.Http;

namespace Outreach.Functions.Subscriptions;

/// <summary>GDPR access and erasure for one address.</summary>
public sealed class SubscriberAdminFunctions(SubscriberPrivacy privacy)
{
    [Function("AdminGetSubscriber")]
    [Description("Everything held about one address (GDPR export).")]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "admin/subscribers/{email}")] HttpRequest request, string email, CancellationToken cancellationToken)
    {
        if (!EmailAddress.TryParse(Uri.UnescapeDataString(email), out var address))
            return ApiResults.Invalid(new ValidationErrors { { "email", "A valid e-mail address is required." } });
        var record = await privacy.ExportAsync(address, cancellationToken);
        if (record is null) return ApiResults.NotFound("Subscriber");
        return ApiResults.JsonBody(new
        {
            email = record.Email,
            profile = record.Profile is { } p ? new { p.FirstName, p.Language, p.CreatedAt, p.LastConfirmationMailAt } : null,
            memberships = record.Memberships.Select(m => new { audience = m.AudienceId, m.Status, m.SubscribedAt, m.ConfirmedAt, m.UnsubscribedAt, m.Source }),
            consents = record.Consents,
            suppressed = record.SuppressionReason,
        });
    }

    [Function("AdminEraseSubscriber")]
    [Description("Erases one address (GDPR), keeping only a hashed suppression entry → 204.")]
    public async Task<IActionResult> Erase(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "admin/subscribers/{email}")] HttpRequest request, string email, CancellationToken cancellationToken)
    {
        if (!EmailAddress.TryParse(Uri.UnescapeDataString(email), out var address))
            return ApiResults.Invalid(new ValidationErrors { { "email", "A valid e-mail address is required." } });
        await privacy.EraseAsync(address, cancellationToken);
        return new NoContentResult();
    }
}
