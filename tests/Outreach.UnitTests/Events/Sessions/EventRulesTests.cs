using Outreach.Core.Common.Time;
using Outreach.Core.Events.Sessions;

namespace Outreach.UnitTests.Events.Sessions;

public class EventRulesTests
{
    private static EventDraft Webinar => new()
    {
        Title = "De la connaissance à la compétence",
        Start = "2026-11-19T13:00",
        End = "2026-11-19T14:30",
        TimeZone = "Europe/Paris",
        JoinUrl = "https://visio.example.org/connaissance-competence",
        Capacity = 300,
    };

    [Fact]
    public void A_valid_webinar_keeps_its_local_times_and_gets_its_instants()
    {
        var (plan, errors) = EventRules.Check(Webinar, "Europe/Paris");

        Assert.True(errors.IsValid);
        Assert.Equal(new DateTime(2026, 11, 19, 13, 0, 0), plan!.LocalStart);
        Assert.Equal(new DateTimeOffset(2026, 11, 19, 12, 0, 0, TimeSpan.Zero), plan.StartUtc);
        Assert.Equal(new DateTimeOffset(2026, 11, 19, 13, 30, 0, TimeSpan.Zero), plan.EndUtc);
    }

    [Fact]
    public void An_end_before_the_start_is_refused() =>
        Assert.Equal("The end must be after the start.", EventRules.Check(Webinar with { End = "2026-11-19T12:00" }, "Europe/Paris").Errors["end"][0]);

    [Fact]
    public void An_unknown_time_zone_is_refused() =>
        Assert.Contains("Unknown time zone", EventRules.Check(Webinar with { TimeZone = "Mars/Olympus_Mons" }, "Europe/Paris").Errors["timeZone"][0]);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_title_is_refused(string? title) =>
        Assert.Equal("A title is required.", EventRules.Check(Webinar with { Title = title }, "Europe/Paris").Errors["title"][0]);

    [Theory]
    [InlineData("2026-11-19T13:00+01:00")]
    [InlineData("19/11/2026 13:00")]
    [InlineData("2026-11-19")]
    public void Times_must_be_local_date_times(string start) =>
        Assert.Contains("local date and time", EventRules.Check(Webinar with { Start = start }, "Europe/Paris").Errors["start"][0]);

    [Fact]
    public void A_title_with_a_line_break_and_a_zero_capacity_are_refused()
    {
        var errors = EventRules.Check(Webinar with { Title = "A\r\nBcc: x", Capacity = 0 }, "Europe/Paris").Errors;
        Assert.Contains("title", errors.Keys);
        Assert.Contains("capacity", errors.Keys);
    }

    [Fact]
    public void The_organisation_time_zone_applies_when_none_is_given()
    {
        var (plan, _) = EventRules.Check(Webinar with { TimeZone = null }, "Europe/Paris");
        Assert.Equal("Europe/Paris", plan!.TimeZone);
    }

    [Fact]
    public void A_time_in_the_autumn_fall_back_hour_means_its_first_occurrence()
    {
        var zone = ZonedTime.Zone("Europe/Paris");
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero), ZonedTime.ToInstant(new DateTime(2026, 10, 25, 2, 30, 0), zone));
    }

    [Fact]
    public void Windows_zone_ids_are_turned_into_IANA_ids()
    {
        Assert.True(ZonedTime.TryFindZone("Romance Standard Time", out _, out var iana));
        Assert.Equal("Europe/Paris", iana);
    }
}
