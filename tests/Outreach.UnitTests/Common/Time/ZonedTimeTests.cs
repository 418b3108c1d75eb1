using Outreach.Core.Campaigns;
using Outreach.Core.Common.Time;
using Outreach.Core.Events.Sessions;

namespace Outreach.UnitTests.Common.Time;

public class ZonedTimeTests
{
    private static readonly TimeZoneInfo Paris = ZonedTime.Zone("Europe/Paris");

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("2026-12-03T09:00", "2026-12-03T08:00:00Z")] // winter: UTC+1
    [InlineData("2026-07-02T09:00", "2026-07-02T07:00:00Z")] // summer: UTC+2
    [InlineData("2026-10-25T02:30", "2026-10-25T00:30:00Z")] // clocks go back: 02:30 happens twice, the first one counts
    public void A_local_time_in_Paris_is_the_instant_people_there_expect(string local, string utc)
    {
        Assert.True(ZonedTime.TryParseLocal(local, out var time));
        Assert.Equal(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), ZonedTime.ToInstant(time, Paris));
    }

    [Fact]
    public void Instants_come_back_in_utc()
    {
        Assert.Equal(TimeSpan.Zero, ZonedTime.ToInstant(new DateTime(2026, 12, 3, 9, 0, 0), Paris).Offset);
    }

    [Theory]
    [InlineData(2026, 3, 29)] // last Sunday of March 2026
    [InlineData(2027, 3, 28)] // last Sunday of March 2027
    public void On_the_last_Sunday_of_March_the_hour_from_two_to_three_is_skipped_and_moves_forward_by_the_gap(int year, int month, int day)
    {
        Assert.False(ZonedTime.IsSkipped(new DateTime(year, month, day, 1, 59, 0), Paris));
        Assert.True(ZonedTime.IsSkipped(new DateTime(year, month, day, 2, 0, 0), Paris));
        Assert.True(ZonedTime.IsSkipped(new DateTime(year, month, day, 2, 59, 0), Paris));
        Assert.False(ZonedTime.IsSkipped(new DateTime(year, month, day, 3, 0, 0), Paris));

        Assert.Equal(Utc(year, month, day, 0, 59), ZonedTime.ToInstant(new DateTime(year, month, day, 1, 59, 0), Paris)); // 01:59 CET
        Assert.Equal(Utc(year, month, day, 1, 30), ZonedTime.ToInstant(new DateTime(year, month, day, 2, 30, 0), Paris)); // read as 03:30 CEST
        Assert.Equal(Utc(year, month, day, 1, 0), ZonedTime.ToInstant(new DateTime(year, month, day, 3, 0, 0), Paris));  // 03:00 CEST
        Assert.Equal(new DateTime(year, month, day, 3, 30, 0), ZonedTime.ToLocal(Utc(year, month, day, 1, 30), Paris));
    }

    [Theory]
    [InlineData(2026, 10, 25)] // last Sunday of October 2026
    [InlineData(2027, 10, 31)] // last Sunday of October 2027
    public void On_the_last_Sunday_of_October_the_hour_from_two_to_three_happens_twice_and_means_the_first(int year, int month, int day)
    {
        Assert.False(ZonedTime.IsSkipped(new DateTime(year, month, day, 2, 30, 0), Paris));
        Assert.Equal(Utc(year, month, day, 0, 0), ZonedTime.ToInstant(new DateTime(year, month, day, 2, 0, 0), Paris));   // 02:00 CEST
        Assert.Equal(Utc(year, month, day, 0, 59), ZonedTime.ToInstant(new DateTime(year, month, day, 2, 59, 0), Paris)); // 02:59 CEST
        Assert.Equal(Utc(year, month, day, 2, 0), ZonedTime.ToInstant(new DateTime(year, month, day, 3, 0, 0), Paris));   // 03:00 CET
        Assert.Equal(new DateTime(year, month, day, 2, 30, 0), ZonedTime.ToLocal(Utc(year, month, day, 1, 30), Paris));  // the second 02:30 reads back as 02:30
    }

    [Fact]
    public void Thursdays_at_noon_in_Paris_stay_at_noon_across_the_October_change()
    {
        var thursdays = SeriesPlanner.Dates(new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31), DayOfWeek.Thursday)
            .Select(date => ZonedTime.ToInstant(date.ToDateTime(new TimeOnly(12, 0)), Paris))
            .ToList();

        Assert.Equal([Utc(2026, 10, 1, 10), Utc(2026, 10, 8, 10), Utc(2026, 10, 15, 10), Utc(2026, 10, 22, 10), Utc(2026, 10, 29, 11)], thursdays);
        Assert.All(thursdays, instant => Assert.Equal(new TimeOnly(12, 0), TimeOnly.FromDateTime(ZonedTime.ToLocal(instant, Paris))));
    }

    [Fact]
    public void A_skipped_time_is_named_in_the_message_a_form_shows()
    {
        Assert.Equal("2026-03-29 02:30 does not exist in Europe/Paris: the clocks go forward at that moment.",
            ZonedTime.SkippedMessage(new DateTime(2026, 3, 29, 2, 30, 0), Paris));
    }

    [Theory]
    [InlineData("2026-12-03T09:00:00Z")]
    [InlineData("2026-12-03T09:00+01:00")]
    [InlineData("demain")]
    [InlineData("")]
    [InlineData(null)]
    public void Local_times_are_wall_clock_times_only(string? text) => Assert.False(ZonedTime.TryParseLocal(text, out _));

    [Theory]
    [InlineData("Europe/Paris", "Europe/Paris")]
    [InlineData(" Europe/Paris ", "Europe/Paris")]
    [InlineData("Romance Standard Time", "Europe/Paris")]
    public void Zones_are_found_by_iana_or_windows_id_and_named_by_iana(string id, string iana)
    {
        Assert.True(ZonedTime.TryFindZone(id, out _, out var found));
        Assert.Equal(iana, found);
    }

    [Theory]
    [InlineData("Mars/Olympus")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("Europe/Paris\n")]
    public void Unknown_or_malformed_zones_are_not_found(string? id) => Assert.False(ZonedTime.TryFindZone(id, out _));

    [Fact]
    public void A_campaign_send_time_skipped_when_clocks_go_forward_is_refused()
    {
        var now = Utc(2026, 3, 1, 12);
        var (due, errors) = CampaignRules.DueAt(CampaignSchedule.At(new DateTime(2026, 3, 29, 2, 30, 0)), "Europe/Paris", now);
        Assert.Null(due);
        Assert.Contains("does not exist", errors["sendAt"][0]);
    }

    [Fact]
    public void Scheduling_in_the_past_or_in_an_unknown_zone_is_refused()
    {
        var now = Utc(2026, 12, 1, 12);
        Assert.Contains("sendAt", CampaignRules.DueAt(CampaignSchedule.At(new DateTime(2026, 11, 30, 9, 0, 0)), "Europe/Paris", now).Errors.Keys);
        Assert.Contains("timeZone", CampaignRules.DueAt(CampaignSchedule.At(new DateTime(2026, 12, 3, 9, 0, 0), "Mars/Olympus"), "Europe/Paris", now).Errors.Keys);

        var (due, errors) = CampaignRules.DueAt(CampaignSchedule.At(new DateTime(2026, 12, 3, 9, 0, 0)), "Europe/Paris", now);
        Assert.True(errors.IsValid);
        Assert.Equal(Utc(2026, 12, 3, 8), due);
        Assert.Equal(now, CampaignRules.DueAt(CampaignSchedule.Now, "Europe/Paris", now).DueAt);
    }
}
