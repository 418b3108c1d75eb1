using System.ComponentModel;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outreach.Core.Common.Validation;
using Outreach.Core.Events.Registrations;
using Outreach.Core.Subscriptions;
using Outreach.Functions.Http;

namespace Outreach.Functions.Subscriptions;

/// <summary>GDPR access and erasure for one address: subscriptions and webinar registrations.</summary>
public sealed class SubscriberAdminFunctions(SubscriberPrivacy privacy, RegistrationPrivacy registrations)
{
    [Function("AdminGetSubscriber")]
    [Description("Everything held about one address (GDPR export): profile (details, tags and custom fields included), memberships, consents, webinar registrations.")]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/subscribers/{email}")] HttpRequest request, string email, CancellationToken cancellationToken)
    {
        if (!EmailAddress.TryParse(Uri.UnescapeDataString(email), out var address))
            return ApiResults.Invalid(new ValidationErrors { { "email", "A valid e-mail address is required." } });
        var record = await privacy.ExportAsync(address, cancellationToken);
        var registered = await registrations.ExportAsync(address.Key, cancellationToken);
        if (record is null && registered.Count == 0) return ApiResults.NotFound("Subscriber");
        return ApiResults.JsonBody(new
        {
            email = address.Value,
            profile = record?.Profile is { } p ? new { p.FirstName, p.Language, p.CreatedAt, p.LastConfirmationMailAt, p.Details } : null,
            memberships = (record?.Memberships ?? []).Select(m => new { audience = m.AudienceId, m.Status, m.SubscribedAt, m.ConfirmedAt, m.UnsubscribedAt, m.Source, m.Details }),
            consents = record?.Consents ?? [],
            suppressed = record?.SuppressionReason,
            eventRegistrations = registered.Select(r => new { session = r.SessionId, r.FirstName, r.Status, r.RegisteredAt, r.SeatSince, r.WaitlistedAt, r.CancelledAt, r.Source, r.Attended, r.Answers }),
        });
    }

    [Function("AdminEraseSubscriber")]
    [Description("Erases one address (GDPR), webinar registrations included (their seats are freed), keeping only a hashed suppression entry → 204.")]
    public async Task<IActionResult> Erase(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/admin/subscribers/{email}")] HttpRequest request, string email, CancellationToken cancellationToken)
    {
        if (!EmailAddress.TryParse(Uri.UnescapeDataString(email), out var address))
            return ApiResults.Invalid(new ValidationErrors { { "email", "A valid e-mail address is required." } });
        await privacy.EraseAsync(address, cancellationToken);
        await registrations.EraseAsync(address.Key, cancellationToken);
        return new NoContentResult();
    }
}
