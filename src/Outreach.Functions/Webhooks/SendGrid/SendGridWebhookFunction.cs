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
    [Description("SendGrid Event Webhook (signed with ECDSA, verified with SendGrid:WebhookPublicKey): bounces, drops, spam reports and unsubscribes suppress the address; events count toward their campaign → 200; bad signature 401.")]
    public async Task<IActionResult> Receive(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "webhooks/sendgrid")] HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadTextAsync(request, MaxWebhookBytes, cancellationToken);
        if (!body.Ok) return ApiResults.Unreadable(body.Error);
        var receipt = await webhook.ReceiveAsync(body.Value!,
            request.Headers[WebhookSignature.SignatureHeader].FirstOrDefault(), request.Headers[WebhookSignature.TimestampHeader].FirstOrDefault(), cancellationToken);
        return receipt.Outcome switch
        {
            WebhookOutcome.Unauthorized => ApiResults.Problem(StatusCodes.Status401Unauthorized, "The Event Webhook signature is missing or not valid."),
            WebhookOutcome.Invalid => ApiResults.Problem(StatusCodes.Status400BadRequest, "The body is not a JSON array of events."),
            _ => ApiResults.JsonBody(new { applied = receipt.Applied, duplicates = receipt.Duplicates }),
        };
    }
}
