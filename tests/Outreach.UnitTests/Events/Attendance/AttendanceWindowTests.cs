using Outreach.Core.Events.Attendance;

namespace Outreach.UnitTests.Events.Attendance;

/// <summary>When a join link click counts as attendance: from 15 minutes before the start to the end, both included.</summary>
public class AttendanceWindowTests
{
    // 29 October 2026, 12:00–13:00 Paris = 11:00–12:00 UTC.
    private static readonly Core.Events.Sessions.EventSession Session = EventsTestKit.OctoberSession(29);

    [Theory]
    [InlineData("2026-10-29T10:44:59Z", false)]
    [InlineData("2026-10-29T10:45:00Z", true)]
    [InlineData("2026-10-29T11:00:00Z", true)]
    [InlineData("2026-10-29T11:59:59Z", true)]
    [InlineData("2026-10-29T12:00:00Z", true)]
    [InlineData("2026-10-29T12:00:01Z", false)]
    [InlineData("2026-10-28T11:00:00Z", false)]
    [InlineData("2026-10-30T11:00:00Z", false)]
    public void A_click_counts_from_15_minutes_before_the_start_to_the_end(string clickedAt, bool counts)
    {
        Assert.Equal(counts, AttendanceWindow.IsOpen(Session, DateTimeOffset.Parse(clickedAt, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void A_join_link_works_for_30_days_after_the_end()
    {
        Assert.Equal(Session.EndUtc.AddDays(30), AttendanceWindow.LinkExpiry(Session));
    }
}
