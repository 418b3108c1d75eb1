using Outreach.Core.Events.Sessions;

namespace Outreach.UnitTests.Events.Sessions;

public class SeriesPlannerTests
{
    private static SeriesDraft October2026(params string[] topics) => new()
    {
        Title = "Les Jeudis de l'ODD 17",
        TimeZone = "Europe/Paris",
        Weekday = "Thursday",
        StartTime = "12:00",
        EndTime = "13:00",
        From = "2026-10-01",
        To = "2026-10-29",
        JoinUrl = "https://visio.example.org/jeudis-odd17",
        Topics = topics,
    };

    [Fact]
    public void The_October_2026_series_has_five_Thursday_sessions_at_noon_Paris_time()
    {
        var (plan, errors) = SeriesPlanner.Check(October2026("Cartographier", "Convaincre", "Contractualiser", "Évaluer", "Essaimer"), "Europe/Paris");

        Assert.True(errors.IsValid);
        Assert.Equal([1, 8, 15, 22, 29], plan!.Sessions.Select(s => s.Date.Day));
        Assert.All(plan.Sessions, s => Assert.Equal(DayOfWeek.Thursday, s.Date.DayOfWeek));
        Assert.All(plan.Sessions, s => Assert.Equal(new TimeOnly(12, 0), TimeOnly.FromDateTime(s.LocalStart)));
        Assert.All(plan.Sessions, s => Assert.Equal(new TimeOnly(13, 0), TimeOnly.FromDateTime(s.LocalEnd)));
        Assert.Equal(["Cartographier", "Convaincre", "Contractualiser", "Évaluer", "Essaimer"], plan.Sessions.Select(s => s.Topic));
    }

    [Fact]
    public void Noon_in_Paris_is_10_UTC_before_the_25_October_change_and_11_UTC_after()
    {
        var (plan, _) = SeriesPlanner.Check(October2026(), "Europe/Paris");

        var utcHours = plan!.Sessions.Select(s => s.StartUtc.UtcDateTime.Hour).ToList();
        Assert.Equal([10, 10, 10, 10, 11], utcHours);
        Assert.Equal(new DateTimeOffset(2026, 10, 29, 11, 0, 0, TimeSpan.Zero), plan.Sessions[^1].StartUtc);
        Assert.All(plan.Sessions, s => Assert.Equal(TimeSpan.FromHours(1), s.EndUtc - s.StartUtc));
    }

    [Fact]
    public void Sessions_without_a_topic_are_allowed_but_more_topics_than_sessions_are_not()
    {
        var (fewer, fewerErrors) = SeriesPlanner.Check(October2026("Cartographier"), "Europe/Paris");
        Assert.True(fewerErrors.IsValid);
        Assert.Equal(["Cartographier", null, null, null, null], fewer!.Sessions.Select(s => s.Topic));

        var (_, errors) = SeriesPlanner.Check(October2026("1", "2", "3", "4", "5", "6"), "Europe/Paris");
        Assert.Contains("topics", errors.Keys);
        Assert.Contains("6 topics for 5 sessions", errors["topics"][0]);
    }

    [Theory]
    [InlineData("jeudi")]
    [InlineData("THURSDAY")]
    [InlineData("thursday")]
    public void Weekdays_are_understood_in_English_and_French(string weekday)
    {
        Assert.True(SeriesPlanner.TryParseWeekday(weekday, out var day));
        Assert.Equal(DayOfWeek.Thursday, day);
    }

    [Theory]
    [InlineData("4")]
    [InlineData("Thorsday")]
    [InlineData("")]
    public void Anything_else_is_not_a_weekday(string weekday) => Assert.False(SeriesPlanner.TryParseWeekday(weekday, out _));

    [Fact]
    public void A_series_that_starts_in_the_spring_forward_gap_is_refused_with_the_date()
    {
        var draft = October2026() with { Weekday = "Sunday", StartTime = "02:30", EndTime = "03:30", From = "2026-03-22", To = "2026-04-05" };

        var (plan, errors) = SeriesPlanner.Check(draft, "Europe/Paris");

        Assert.Null(plan);
        Assert.Contains("2026-03-29 02:30 does not exist in Europe/Paris", errors["startTime"][0]);
    }

    [Fact]
    public void Bad_rules_are_reported_field_by_field()
    {
        var draft = October2026() with { Title = " ", TimeZone = "Europe/Atlantis", StartTime = "13:00", EndTime = "12:00", From = "2026-10-29", To = "2026-10-01", JoinUrl = "visio" };

        var (plan, errors) = SeriesPlanner.Check(draft, "Europe/Paris");

        Assert.Null(plan);
        Assert.Equal(["endTime", "joinUrl", "timeZone", "title", "to"], errors.Keys.Order().ToList());
    }

    [Fact]
    public void Dates_are_every_matching_weekday_between_the_bounds_included()
    {
        var dates = SeriesPlanner.Dates(new DateOnly(2026, 10, 2), new DateOnly(2026, 10, 29), DayOfWeek.Thursday);
        Assert.Equal([8, 15, 22, 29], dates.Select(d => d.Day));
    }

    [Fact]
    public void Ids_are_readable_slugs()
    {
        Assert.StartsWith("les-jeudis-de-l-odd-17-", EventIds.NewSeriesId("Les Jeudis de l'ODD 17"));
        Assert.Equal("de-la-connaissance-a-la-competence", EventIds.Slug("De la connaissance à la compétence", 48));
        Assert.Equal("serie-20261029", EventIds.SeriesSessionId("serie", new DateOnly(2026, 10, 29)));
        Assert.True(EventIds.IsWellFormed(EventIds.NewSessionId("Un webinaire « spécial » !")));
        Assert.False(EventIds.IsWellFormed("../etc"));
    }
}
