using Outreach.Core.Campaigns;
using Outreach.Core.Campaigns.Pipeline;

namespace Outreach.UnitTests.Campaigns;

public class CampaignProgressTests
{
    private static readonly Dictionary<string, int> NoEvents = new();

    private static BatchRecord Batch(int number, string status, int recipients, int sent = 0, int suppressed = 0, int failed = 0, string? error = null) =>
        new() { CampaignId = "c", Number = number, Status = status, Recipients = recipients, Sent = sent, Suppressed = suppressed, Failed = failed, LastError = error };

    [Fact]
    public void Every_planned_recipient_is_counted_once_by_outcome()
    {
        BatchRecord[] batches =
        [
            Batch(1, BatchStatus.Sent, 1000, sent: 990, suppressed: 10),
            Batch(2, BatchStatus.Failed, 1000, suppressed: 3, failed: 997, error: "SendGrid answered 400: bad"),
            Batch(3, BatchStatus.Unknown, 1000, suppressed: 1),
            Batch(4, BatchStatus.Poisoned, 500, suppressed: 0),
            Batch(5, BatchStatus.Planned, 700),
            Batch(6, BatchStatus.Sending, 300),
        ];
        var counts = CampaignProgress.Count(batches, cancelled: false, new Dictionary<string, int> { ["delivered"] = 900, ["bounce"] = 2 });

        Assert.Equal(4500, counts.Planned);
        Assert.Equal(990, counts.Sent);
        Assert.Equal(14, counts.Suppressed);
        Assert.Equal(997 + 500, counts.Failed);
        Assert.Equal(999, counts.Unknown);
        Assert.Equal(1000, counts.Pending);
        Assert.Equal(counts.Planned, counts.Sent + counts.Suppressed + counts.Failed + counts.Unknown + counts.Cancelled + counts.Pending);
        Assert.Equal(900, counts.Delivered);
        Assert.Equal(2, counts.Bounced);
    }

    [Fact]
    public void In_a_cancelled_campaign_batches_not_sent_count_as_cancelled()
    {
        var counts = CampaignProgress.Count([Batch(1, BatchStatus.Sent, 10, sent: 10), Batch(2, BatchStatus.Planned, 10), Batch(3, BatchStatus.Cancelled, 10)], cancelled: true, NoEvents);
        Assert.Equal((10, 20, 0), (counts.Sent, counts.Cancelled, counts.Pending));
    }

    [Fact]
    public void A_campaign_finishes_only_when_planning_is_done_and_every_batch_is_settled()
    {
        BatchRecord[] settled = [Batch(1, BatchStatus.Sent, 10, sent: 10), Batch(2, BatchStatus.Failed, 10, failed: 10, error: "400")];
        var counts = CampaignProgress.Count(settled, false, NoEvents);

        Assert.Null(CampaignProgress.FinalState(planningDone: false, settled, counts));
        Assert.Equal(CampaignStates.Sent, CampaignProgress.FinalState(planningDone: true, settled, counts)); // partly sent: counts say what failed
        Assert.Null(CampaignProgress.FinalState(true, [.. settled, Batch(3, BatchStatus.Planned, 5)], counts));
        Assert.Equal(["batch 2: 400"], CampaignProgress.Problems(settled));
    }

    [Fact]
    public void A_campaign_where_nothing_left_and_something_failed_has_failed()
    {
        BatchRecord[] batches = [Batch(1, BatchStatus.Failed, 10, failed: 10), Batch(2, BatchStatus.Unknown, 10)];
        Assert.Equal(CampaignStates.Failed, CampaignProgress.FinalState(true, batches, CampaignProgress.Count(batches, false, NoEvents)));
    }

    [Fact]
    public void An_empty_audience_makes_a_sent_campaign_with_nobody_planned() =>
        Assert.Equal(CampaignStates.Sent, CampaignProgress.FinalState(true, [], CampaignProgress.Count([], false, NoEvents)));

    [Fact]
    public void A_batch_is_abandoned_once_its_sending_lease_has_run_out()
    {
        var now = DateTimeOffset.UtcNow;
        var sending = Batch(1, BatchStatus.Sending, 10) with { SendingSince = now.AddMinutes(-4) };
        Assert.False(CampaignProgress.IsAbandoned(sending, now, TimeSpan.FromMinutes(5)));
        Assert.True(CampaignProgress.IsAbandoned(sending, now.AddMinutes(1), TimeSpan.FromMinutes(5)));
        Assert.False(CampaignProgress.IsAbandoned(sending with { Status = BatchStatus.Sent }, now.AddHours(1), TimeSpan.FromMinutes(5)));
    }
}
