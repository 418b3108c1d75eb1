using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Outreach.Core.Common.Configuration;
using Outreach.Core.Mail;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace Outreach.Core.Campaigns.Pipeline;

/// <summary>
/// Sends a batch as ONE SendGrid v3 <c>mail/send</c> request: the campaign's subject, text and HTML once, and one
/// personalization per recipient carrying its substitutions, its own <c>List-Unsubscribe</c> header and the campaign id
/// in <c>custom_args</c>.
/// </summary>
public sealed class SendGridCampaignTransport(
    IOptions<SendGridOptions> sendGrid,
    IOptions<MailOptions> mail,
    IHttpClientFactory httpClients,
    TimeProvider clock) : ICampaignTransport
{
    /// <summary>The named HttpClient (its timeout is <see cref="DeliveryOptions.SendTimeout"/>).</summary>
    public const string HttpClientName = "SendGridCampaigns";

    /// <summary>The batch written as one <c>mail/send</c> body; the message and its 1000 personalizations are garbage once it returns.</summary>
    public PreparedBatch Prepare(OutgoingBatch batch)
    {
        var message = SendGridCampaignRequest.Build(batch, new EmailAddress(mail.Value.FromAddress, mail.Value.FromName));
        return new SendGridBatch(this, SendGridRequestBody.Utf8(message));
    }

    private async Task<string?> PostAsync(PooledBody body, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(sendGrid.Value.ApiKey))
            throw new MailDeliveryException("SendGrid:ApiKey is not configured.", 401, isTransient: false);
        var client = new SendGridClient(httpClients.CreateClient(HttpClientName), new SendGridClientOptions { ApiKey = sendGrid.Value.ApiKey, Host = sendGrid.Value.Host });
        Response response;
        try
        {
            using var request = MailSendRequest(body);
            response = await client.MakeRequest(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new MailDeliveryException($"SendGrid could not be reached: {e.Message}", 0, isTransient: true);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new MailDeliveryException("SendGrid did not answer in time.", 0, isTransient: true);
        }

        if (response.IsSuccessStatusCode)
            return response.Headers.TryGetValues("X-Message-Id", out var ids) ? ids.FirstOrDefault() : null;

        var answer = await response.Body.ReadAsStringAsync(cancellationToken);
        var reset = response.Headers.TryGetValues("X-RateLimit-Reset", out var resets) ? resets.FirstOrDefault() : null;
        throw SendGridRefusal.From((int)response.StatusCode, answer, reset, response.Headers.RetryAfter?.Delta, clock.GetUtcNow());
    }

    private sealed class SendGridBatch(SendGridCampaignTransport transport, PooledBody body) : PreparedBatch
    {
        public override Task<string?> SendAsync(CancellationToken cancellationToken = default) => transport.PostAsync(body, cancellationToken);

        public override void Dispose()
        {
            body.Dispose();
            base.Dispose();
        }
    }

    /// <summary>
    /// <c>POST {Host}/v3/mail/send</c> with the headers the client's own RequestAsync sets, carrying the body as pooled
    /// UTF-8 bytes (RequestAsync takes a string: 2 MB of UTF-16 per full batch, then re-encoded).
    /// </summary>
    private HttpRequestMessage MailSendRequest(PooledBody body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(sendGrid.Value.Host.TrimEnd('/') + "/v3/mail/send"))
        {
            Content = new ReadOnlyMemoryContent(body.Written),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", sendGrid.Value.ApiKey);
        request.Headers.Accept.Add(new System.Net.Http.Headers.MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.UserAgent.TryParseAdd("sendgrid/9.29.3 csharp");
        return request;
    }
}

/// <summary>Builds the one request that carries a batch. Pure: the tests check what it produces against SendGrid's schema.</summary>
public static class SendGridCampaignRequest
{
    public static SendGridMessage Build(OutgoingBatch batch, EmailAddress from)
    {
        if (batch.Recipients.Count is 0 or > 1000) throw new ArgumentException("A SendGrid request carries 1 to 1000 recipients.", nameof(batch));
        var sharedListId = batch.Recipients.Select(r => r.ListId).Distinct(StringComparer.Ordinal).Count() == 1 ? batch.Recipients[0].ListId : null;
        // The same for every recipient of the batch: one dictionary, written into each personalization (only serialised).
        var customArgs = new Dictionary<string, string> { [CampaignCustomArgs.CampaignId] = batch.CampaignId, [CampaignCustomArgs.Batch] = batch.BatchId };
        var message = new SendGridMessage
        {
            From = from,
            Subject = batch.Template.Subject,
            PlainTextContent = batch.Template.Text,
            HtmlContent = batch.Template.Html,
            // Shared headers at message level. Per-recipient ones go in each personalization: the client's AddHeader(k, v)
            // without an index would put them on the first personalization only.
            Headers = new Dictionary<string, string> { [MarketingHeaders.ListUnsubscribePost] = MarketingHeaders.OneClick },
            Personalizations = batch.Recipients.Select(r => PersonalizationFor(r, batch, sharedListId is null, customArgs)).ToList(),
            // Said on every request, whatever the account's defaults: clicks counted (links in the HTML part only), opens only when asked.
            TrackingSettings = new TrackingSettings
            {
                ClickTracking = new ClickTracking { Enable = true, EnableText = false },
                OpenTracking = new OpenTracking { Enable = batch.TrackOpens },
            },
        };
        if (sharedListId is not null) message.Headers[MarketingHeaders.ListId] = sharedListId;
        if (batch.Categories.Count > 0) message.Categories = batch.Categories.Distinct(StringComparer.Ordinal).Take(10).ToList();
        return message;
    }

    private static Personalization PersonalizationFor(OutgoingRecipient recipient, OutgoingBatch batch, bool listIdPerRecipient, Dictionary<string, string> customArgs)
    {
        var headers = new Dictionary<string, string> { [MarketingHeaders.ListUnsubscribe] = recipient.ListUnsubscribe };
        if (listIdPerRecipient) headers[MarketingHeaders.ListId] = recipient.ListId;
        HeaderValues.EnsureSafe(headers);
        var substitutions = batch.Template.SubstitutionsFor(recipient.Values);
        return new Personalization
        {
            Tos = [new EmailAddress(recipient.Values.Email, SendGridDisplayName.For(recipient.Values.FirstName))],
            Headers = headers,
            Substitutions = substitutions.Count > 0 ? substitutions : null,
            // custom_args per personalization: the schema types the message-level one as a string.
            CustomArgs = customArgs,
        };
    }
}

/// <summary>Turns SendGrid's refusal into a <see cref="MailDeliveryException"/>: 429 and 5xx are transient (with the time to wait), other 4xx are not.</summary>
public static class SendGridRefusal
{
    public static MailDeliveryException From(int status, string body, string? rateLimitReset, TimeSpan? retryAfter, DateTimeOffset now)
    {
        var transient = status is 429 or 408 || status >= 500;
        var wait = status == 429 ? UntilReset(rateLimitReset, now) ?? retryAfter : retryAfter;
        return new MailDeliveryException($"SendGrid answered {status}: {Describe(body)}", status, transient, wait);
    }

    /// <summary>SendGrid's error messages (<c>{"errors":[{"message","field"}]}</c>) in one line; the raw body otherwise.</summary>
    public static string Describe(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                var messages = errors.EnumerateArray().Select(e =>
                {
                    var message = e.TryGetProperty("message", out var m) ? m.ToString() : e.ToString();
                    return e.TryGetProperty("field", out var f) && f.ValueKind == JsonValueKind.String ? $"{f.GetString()}: {message}" : message;
                }).ToList();
                if (messages.Count > 0) return Shorten(string.Join("; ", messages));
            }
        }
        catch (JsonException)
        {
            // Not JSON: keep the body as it is.
        }

        return Shorten(string.IsNullOrWhiteSpace(body) ? "(no details)" : body.Trim());
    }

    private static TimeSpan? UntilReset(string? reset, DateTimeOffset now)
    {
        if (!long.TryParse(reset, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)) return null;
        var wait = DateTimeOffset.FromUnixTimeSeconds(seconds) - now;
        return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
    }

    private static string Shorten(string text) => text.Length > 1000 ? text[..1000] + "…" : text;
}
