using System.ComponentModel;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outreach.Core.Common.Validation;
using Outreach.Core.Privacy;
using Outreach.Core.Subscriptions;
using Outreach.Functions.Accounts;
using Outreach.Functions.Http;

namespace Outreach.Functions.Subscriptions;

/// <summary>The body of the GDPR routes that take the address in the body (kept out of URLs, and so out of request logs).</summary>
public sealed record AddressJson(string? Email);

/// <summary>
/// GDPR access and erasure for one address (subscriptions, webinar registrations, delivery ledgers, queued mail), and the
/// lifting of a suppression. Each route exists with the address in the path and, so that it stays out of request
/// telemetry, as a POST with <c>{ "email" }</c>.
/// </summary>
public sealed class SubscriberAdminFunctions(PersonalData personalData, SubscriberPrivacy privacy)
{
    [Function("AdminGetSubscriber")]
    [Description("Everything held about one address (GDPR export): profile (details, tags and custom fields included), memberships, consents, webinar registrations, and heldIn: every table, queue payload container and log that holds something about it, with counts.")]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/subscribers/{email}")] HttpRequest request, string email, CancellationToken cancellationToken) =>
        await ExportAsync(Parse(Uri.UnescapeDataString(email)), cancellationToken);

    [Function("AdminExportSubscriber")]
    [Description("The GDPR export of the address in the body { \"email\" }: the same answer as GET /api/admin/subscribers/{email}.")]
    public async Task<IActionResult> Export(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/subscribers/export")] HttpRequest request, CancellationToken cancellationToken) =>
        await FromBodyAsync(request, address => ExportAsync(address, cancellationToken), cancellationToken);

    [Function("AdminEraseSubscriber")]
    [Description("Erases one address (GDPR) everywhere: lists, webinar registrations (their seats are freed), campaign ledgers, queued mail; keeps only a suppression under a peppered key → 204.")]
    public async Task<IActionResult> Erase(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/admin/subscribers/{email}")] HttpRequest request, string email, CancellationToken cancellationToken) =>
        await EraseAsync(Parse(Uri.UnescapeDataString(email)), cancellationToken);

    [Function("AdminEraseSubscriberByBody")]
    [Description("Erases the address in the body { \"email\" }: the same as DELETE /api/admin/subscribers/{email} → 204.")]
    public async Task<IActionResult> EraseByBody(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/subscribers/erase")] HttpRequest request, CancellationToken cancellationToken) =>
        await FromBodyAsync(request, address => EraseAsync(address, cancellationToken), cancellationToken);

    [Function("AdminLiftSuppression")]
    [Description("Lifts the suppression of one address (a bounce, a complaint, an erasure): it may sign up or be imported again → 204; 404 when it is not suppressed.")]
    public async Task<IActionResult> Lift(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/admin/suppressions/{email}")] HttpRequest request, string email, CancellationToken cancellationToken) =>
        await LiftAsync(Parse(Uri.UnescapeDataString(email)), cancellationToken);

    [Function("AdminLiftSuppressionByBody")]
    [Description("Lifts the suppression of the address in the body { \"email\" }: the same as DELETE /api/admin/suppressions/{email}.")]
    public async Task<IActionResult> LiftByBody(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/suppressions/lift")] HttpRequest request, CancellationToken cancellationToken) =>
        await FromBodyAsync(request, address => LiftAsync(address, cancellationToken), cancellationToken);

    private async Task<IActionResult> ExportAsync(EmailAddress? address, CancellationToken cancellationToken)
    {
        if (address is null) return InvalidAddress();
        if (await personalData.ExportAsync(address, cancellationToken) is not { } held) return ApiResults.NotFound("Subscriber");
        var record = held.Subscriber;
        return ApiResults.JsonBody(new
        {
            email = address.Value,
            profile = record?.Profile is { } p ? new { p.FirstName, p.Language, p.CreatedAt, p.LastConfirmationMailAt, p.Details } : null,
            memberships = (record?.Memberships ?? []).Select(m => new { audience = m.AudienceId, m.Status, m.SubscribedAt, m.ConfirmedAt, m.UnsubscribedAt, m.Source, m.Details }),
            consents = record?.Consents ?? [],
            suppressed = record?.SuppressionReason,
            eventRegistrations = held.Registrations.Select(r => new { session = r.SessionId, r.FirstName, r.Status, r.RegisteredAt, r.SeatSince, r.WaitlistedAt, r.CancelledAt, r.Source, r.Attended, r.JoinedAt, r.Answers }),
            heldIn = held.HeldIn.Select(h => new { h.Kind, h.Name, h.Count }),
        });
    }

    private async Task<IActionResult> EraseAsync(EmailAddress? address, CancellationToken cancellationToken)
    {
        if (address is null) return InvalidAddress();
        await personalData.EraseAsync(address, cancellationToken);
        return new NoContentResult();
    }

    private async Task<IActionResult> LiftAsync(EmailAddress? address, CancellationToken cancellationToken)
    {
        if (address is null) return InvalidAddress();
        return await privacy.LiftSuppressionAsync(address, cancellationToken) ? new NoContentResult() : ApiResults.NotFound("Suppression");
    }

    private static async Task<IActionResult> FromBodyAsync(HttpRequest request, Func<EmailAddress?, Task<IActionResult>> then, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadJsonAsync<AddressJson>(request, 4096, cancellationToken);
        if (!body.Ok) return ApiResults.Unreadable(body.Error);
        var address = Parse(body.Value!.Email);
        if (address is not null) request.NameAuditSubject(address);
        return await then(address);
    }

    private static EmailAddress? Parse(string? text) => EmailAddress.TryParse(text, out var address) ? address : null;

    private static ContentResult InvalidAddress() => ApiResults.Invalid(new ValidationErrors { { "email", "A valid e-mail address is required." } });
}
