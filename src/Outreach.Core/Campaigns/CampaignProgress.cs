using Outreach.Core.Campaigns.Pipeline;
using Outreach.Core.Webhooks.SendGrid;

namespace Outreach.Core.Campaigns;

/// <summary>The rules that turn a campaign's batch rows into its counts and its final state. Pure.</summary>
public static class CampaignProgress
{
    public static CampaignCounts Count(IReadOnlyCollection<BatchRecord> batches, bool cancelled, IReadOnlyDictionary<string, int> events)
    {
        int planned = 0, sent = 0, suppressed = 0, failed = 0, unknown = 0, cancelledCount = 0, pending = 0;
        foreach (var b in batches)
        {
            planned += b.Recipients;
            var attempted = Math.Max(0, b.Recipients - b.Suppressed);
            switch (b.Status)
            {
                case BatchStatus.Sent:
                    sent += b.Sent;
                    suppressed += b.Suppressed;
                    failed += b.Failed;
                    break;
                case BatchStatus.Failed:
                    failed += b.Failed;
                    suppressed += b.Suppressed;
                    break;
                case BatchStatus.Poisoned:
                    failed += attempted;
                    suppressed += b.Suppressed;
                    break;
                case BatchStatus.Unknown:
                    unknown += attempted;
                    suppressed += b.Suppressed;
                    break;
                case BatchStatus.Cancelled:
                    cancelledCount += b.Recipients;
                    break;
                case BatchStatus.Planned when cancelled:
                    cancelledCount += b.Recipients;
                    break;
                default:
                    pending += b.Recipients;
                    break;
            }
        }

        return new CampaignCounts
        {
            Planned = planned, Sent = sent, Suppressed = suppressed, Failed = failed, Unknown = unknown, Cancelled = cancelledCount, Pending = pending,
            Batches = batches.Count,
            Delivered = events.GetValueOrDefault(SendGridEventTypes.Delivered),
            Opened = events.GetValueOrDefault(SendGridEventTypes.Open),
            Clicked = events.GetValueOrDefault(SendGridEventTypes.Click),
            Bounced = events.GetValueOrDefault(SendGridEventTypes.Bounce),
            Dropped = events.GetValueOrDefault(SendGridEventTypes.Dropped),
            Deferred = events.GetValueOrDefault(SendGridEventTypes.Deferred),
            SpamReports = events.GetValueOrDefault(SendGridEventTypes.SpamReport),
            Unsubscribed = events.GetValueOrDefault(SendGridEventTypes.Unsubscribe) + events.GetValueOrDefault(SendGridEventTypes.GroupUnsubscribe),
        };
    }

    /// <summary>
    /// The state a sending campaign ends in once planning is done and every batch is settled: <c>failed</c> when nothing
    /// left and something failed, <c>sent</c> otherwise (with its failed and unknown counts when partly sent). Null while
    /// work remains.
    /// </summary>
    public static string? FinalState(bool planningDone, IReadOnlyCollection<BatchRecord> batches, CampaignCounts counts)
    {
        if (!planningDone || batches.Any(b => !BatchStatus.IsSettled(b.Status))) return null;
        return counts.Sent == 0 && counts.Failed + counts.Unknown > 0 ? CampaignStates.Failed : CampaignStates.Sent;
    }

    /// <summary>The distinct reasons batches failed, poisoned or went unknown (first few).</summary>
    public static IReadOnlyList<string> Problems(IEnumerable<BatchRecord> batches) =>
        batches.Where(b => b.Status is BatchStatus.Failed or BatchStatus.Poisoned or BatchStatus.Unknown || b is { Status: BatchStatus.Sent, Failed: > 0 })
            .Select(b => $"batch {b.Number}: {b.LastError}")
            .Distinct(StringComparer.Ordinal)
            .Take(10)
            .ToList();

    /// <summary>A batch left <c>sending</c> longer than the lease: its sender stopped while SendGrid may have had it.</summary>
    public static bool IsAbandoned(BatchRecord batch, DateTimeOffset now, TimeSpan lease) =>
        batch.Status == BatchStatus.Sending && now - (batch.SendingSince ?? batch.PlannedAt) >= lease;
}
