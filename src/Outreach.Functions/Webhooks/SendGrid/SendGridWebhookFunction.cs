using System.ComponentModel;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outreach.Core.Webhooks.SendGrid;
using Outreach.Functions.Http;

namespace Outreach.Functions.Webhooks.SendGrid;

/// <summary>SendGrid's Event Webhook: anonymous route, trusted only through its ECDSA signature.</summary>
public sealed class SendGridWebhookFunction(SendGridEventWebhook webhook)
{
    /// <summary>SendGrid batches events; its posts stay well under this.</summary>
    public const int MaxWebhookBytes = 8 * 1024 * 1024;

    [Function("SendGridWebhook")]
    [Description("SendGrid Event Webhook (signed with ECDSA, verified with SendGrid:WebhookPublicKey, timestamp at most 10 minutes old): address-level bounces and drops, spam reports and unsubscribes suppress the address; content or account drops are campaign problems; group events change the audience mapped to their group (SendGrid:Groups); events count toward their campaign → 200; bad or stale signature 401, before the body is read.")]
    public async Task<IActionResult> Receive(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/webhooks/sendgrid")] HttpRequest request, CancellationToken cancellationToken)
    {
        var signature = request.Headers[WebhookSignature.SignatureHeader].FirstOrDefault();
        var timestamp = request.Headers[WebhookSignature.TimestampHeader].FirstOrDefault();
        var headers = webhook.CheckHeaders(signature, timestamp);
        if (headers != WebhookOutcome.Accepted) return Refused(headers);

        var body = await RequestBody.ReadBytesAsync(request, MaxWebhookBytes, cancellationToken);
        if (!body.Ok) return ApiResults.Unreadable(body.Error);
        var receipt = await webhook.ReceiveAsync(body.Value, signature, timestamp, cancellationToken);
        return receipt.Outcome switch
        {
            WebhookOutcome.Accepted => ApiResults.JsonBody(new { applied = receipt.Applied, duplicates = receipt.Duplicates }),
            WebhookOutcome.Invalid => ApiResults.Problem(StatusCodes.Status400BadRequest, "The body is not a JSON array of events."),
            _ => Refused(receipt.Outcome),
        };
    }

    private static IActionResult Refused(WebhookOutcome outcome) => ApiResults.Problem(StatusCodes.Status401Unauthorized, outcome == WebhookOutcome.Stale
        ? "The Event Webhook timestamp is more than 10 minutes old (or ahead of our clock): a replayed post is refused."
        : "The Event Webhook signature is missing or not valid.");
}
