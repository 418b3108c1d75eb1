using Outreach.Core.Campaigns;
using Outreach.Core.Common.Time;

namespace Outreach.UnitTests.Common.Time;

public class SendTimesTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    [Theory]
    [InlineData("2026-12-03T09:00", "2026-12-03T08:00:00Z")] // winter: UTC+1
    [InlineData("2026-07-02T09:00", "2026-07-02T07:00:00Z")] // summer: UTC+2
    [InlineData("2026-10-25T02:30", "2026-10-25T00:30:00Z")] // clocks go back: 02:30 happens twice, the first one counts
    public void A_local_time_in_Paris_is_the_instant_people_there_expect(string local, string utc)
    {
        Assert.True(SendTimes.TryParseLocal(local, out var time));
        var (instant, error) = SendTimes.ToInstant(time, Paris);
        Assert.Null(error);
        Assert.Equal(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), instant);
    }

    [Fact]
    public void A_time_skipped_when_clocks_go_forward_is_refused()
    {
        var (instant, error) = SendTimes.ToInstant(new DateTime(2026, 3, 29, 2, 30, 0), Paris);
        Assert.Null(instant);
        Assert.Contains("does not exist", error);
    }

    [Theory]
    [InlineData("2026-12-03T09:00:00Z")]
    [InlineData("2026-12-03T09:00+01:00")]
    [InlineData("demain")]
    [InlineData("")]
    public void Send_times_are_local_wall_clock_times_only(string text) => Assert.False(SendTimes.TryParseLocal(text, out _));

    [Fact]
    public void Scheduling_in_the_past_or_in_an_unknown_zone_is_refused()
    {
        var now = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
        Assert.Contains("sendAt", CampaignRules.DueAt(CampaignSchedule.At(new DateTime(2026, 11, 30, 9, 0, 0)), "Europe/Paris", now).Errors.Keys);
        Assert.Contains("timeZone", CampaignRules.DueAt(CampaignSchedule.At(new DateTime(2026, 12, 3, 9, 0, 0), "Mars/Olympus"), "Europe/Paris", now).Errors.Keys);

        var (due, errors) = CampaignRules.DueAt(CampaignSchedule.At(new DateTime(2026, 12, 3, 9, 0, 0)), "Europe/Paris", now);
        Assert.True(errors.IsValid);
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero), due);
        Assert.Equal(now, CampaignRules.DueAt(CampaignSchedule.Now, "Europe/Paris", now).DueAt);
    }
}
