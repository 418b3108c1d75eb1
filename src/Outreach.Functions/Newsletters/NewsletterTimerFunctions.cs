using Microsoft.Azure.Functions.Worker;
using Outreach.Core.Newsletters;

namespace Outreach.Functions.Newsletters;

public sealed class NewsletterTimerFunctions(DigestScheduler digests, FeedPoller feeds)
{
    /// <summary>Every 5 minutes: sends the digests that are due at their local time (once per audience and period).</summary>
    [Function("SendDueDigests")]
    public Task SendDueDigests([TimerTrigger("0 */5 * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        digests.RunDueAsync(cancellationToken);

    /// <summary>Every 15 minutes: reads the configured RSS/Atom feeds and adds their new items as articles.</summary>
    [Function("PollArticleFeeds")]
    public Task PollArticleFeeds([TimerTrigger("0 */15 * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        feeds.PollAsync(cancellationToken);
}
