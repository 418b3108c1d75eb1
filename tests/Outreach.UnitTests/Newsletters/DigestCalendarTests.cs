using Outreach.Core.Common.Time;
using Outreach.Core.Newsletters;

namespace Outreach.UnitTests.Newsletters;

public sealed class DigestCalendarTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    private static readonly DigestSchedule Daily = new()
    {
        Audience = "quotidienne",
        Days = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday],
        Time = "09:00",
    };

    private static readonly DigestSchedule Weekly = new() { Audience = "hebdo-associations", Days = [DayOfWeek.Wednesday], Time = "09:00" };

    [Theory]
    // October 2026: clocks go back on Sunday 25 October (CEST +2 → CET +1).
    [InlineData("2026-10-23T07:00:00Z", "2026-10-23")] // Friday before: 09:00 Paris = 07:00 UTC
    [InlineData("2026-10-26T08:00:00Z", "2026-10-26")] // Monday after: 09:00 Paris = 08:00 UTC
    // March 2027: clocks go forward on Sunday 28 March (CET +1 → CEST +2).
    [InlineData("2027-03-26T08:00:00Z", "2027-03-26")]
    [InlineData("2027-03-29T07:00:00Z", "2027-03-29")]
    public void NineOClockInParisIsDueAtNineOClockParisOnBothSidesOfAChange(string dueUtc, string key)
    {
        var due = DateTimeOffset.Parse(dueUtc, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Null(MatchAt(due.AddMinutes(-1), key));
        var period = DigestCalendar.LatestDue(Daily, due, Paris);
        Assert.NotNull(period);
        Assert.Equal(key, period.Key);
        Assert.Equal(due, period.DueAt);
    }

    [Fact]
    public void WeekendsHaveNoDailyDigestAndMondayCoversFromFriday()
    {
        var saturdayNoon = new DateTimeOffset(2026, 10, 24, 10, 0, 0, TimeSpan.Zero);

        var latest = DigestCalendar.LatestDue(Daily, saturdayNoon, Paris)!;
        Assert.Equal("2026-10-23", latest.Key); // Friday's, already past

        var monday = DigestCalendar.LatestDue(Daily, new DateTimeOffset(2026, 10, 26, 9, 0, 0, TimeSpan.Zero), Paris)!;
        var previous = DigestCalendar.Previous(Daily, monday, Paris);
        Assert.Equal("2026-10-23", previous.Key);
        Assert.Equal(new DateTimeOffset(2026, 10, 23, 7, 0, 0, TimeSpan.Zero), previous.DueAt);
    }

    [Fact]
    public void AWeeklyDigestIsKeyedByIsoWeek()
    {
        var wednesday = DigestCalendar.LatestDue(Weekly, new DateTimeOffset(2026, 10, 28, 8, 0, 0, TimeSpan.Zero), Paris)!;

        Assert.Equal("2026-W44", wednesday.Key);
        Assert.Equal(new DateTimeOffset(2026, 10, 28, 8, 0, 0, TimeSpan.Zero), wednesday.DueAt);
        Assert.Equal("2026-W43", DigestCalendar.Previous(Weekly, wednesday, Paris).Key);
    }

    [Fact]
    public void ATimeInTheSpringGapMovesForwardAndARepeatedTimeMeansItsFirstOccurrence()
    {
        var gap = ZonedTime.ToInstant(new DateTime(2027, 3, 28, 2, 30, 0), Paris);
        Assert.Equal(new DateTimeOffset(2027, 3, 28, 1, 30, 0, TimeSpan.Zero), gap.ToUniversalTime()); // 03:30 CEST

        var twice = ZonedTime.ToInstant(new DateTime(2026, 10, 25, 2, 30, 0), Paris);
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero), twice.ToUniversalTime()); // the first 02:30, CEST
    }

    private static string? MatchAt(DateTimeOffset now, string key) =>
        DigestCalendar.LatestDue(Daily, now, Paris) is { } period && period.Key == key ? key : null;
}
