using Outreach.Core.Mail;

namespace Outreach.Core.Campaigns.Pipeline;

/// <summary>
/// How long to wait before trying a batch again: SendGrid's rate-limit reset for a 429 (a small spread added so waiting
/// senders do not all come back in the same second), bounded exponential back-off with jitter for 5xx and timeouts.
/// Never longer than <see cref="DeliveryOptions.MaxRetryDelay"/>.
/// </summary>
public static class SendRetryPolicy
{
    /// <param name="attempt">The attempt that just failed (1 for the first).</param>
    /// <param name="random">A number in [0, 1), for jitter.</param>
    public static TimeSpan DelayAfter(MailDeliveryException refusal, int attempt, DeliveryOptions options, double random)
    {
        if (refusal.StatusCode == 429 && refusal.RetryAfter is { } reset)
        {
            var spread = TimeSpan.FromMilliseconds(1000 * random);
            return Bounded(reset + spread, options);
        }

        var exponential = options.RetryBaseDelay * Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        var capped = Bounded(exponential, options);
        return capped / 2 + capped / 2 * random; // "equal jitter": at least half the back-off, spread over the other half
    }

    private static TimeSpan Bounded(TimeSpan delay, DeliveryOptions options) =>
        delay < TimeSpan.Zero ? TimeSpan.Zero : delay > options.MaxRetryDelay ? options.MaxRetryDelay : delay;
}
