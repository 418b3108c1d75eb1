using System.Globalization;
using Outreach.Core.Common.Time;

namespace Outreach.Core.Newsletters;

/// <summary>One period of a digest: its key (the idempotency key with the audience), its local date and the instant it is due.</summary>
/// <param name="Key">The local date (<c>2026-10-26</c>) for a daily digest, the ISO week (<c>2026-W44</c>) for a weekly one.</param>
public sealed record DigestPeriod(string Key, DateOnly LocalDate, DateTimeOffset DueAt);

/// <summary>
/// When digests are due. Times are local in the organisation's zone and converted per date, so 09:00 stays 09:00
/// across the October and March changes (07:00 UTC in summer, 08:00 UTC in winter for Paris).
/// </summary>
public static class DigestCalendar
{
    /// <summary>The latest period due at or before <paramref name="now"/> (looking back at most a week), or null.</summary>
    public static DigestPeriod? LatestDue(DigestSchedule schedule, DateTimeOffset now, TimeZoneInfo zone)
    {
        var today = DateOnly.FromDateTime(ZonedTime.ToLocal(now, zone));
        for (var back = 0; back <= 7; back++)
        {
            var date = today.AddDays(-back);
            if (!schedule.Days.Contains(date.DayOfWeek)) continue;
            var due = ZonedTime.ToInstant(date.ToDateTime(schedule.LocalTime), zone);
            if (due <= now) return Period(schedule, date, due);
        }

        return null;
    }

    /// <summary>The first period due after <paramref name="now"/> (looking ahead at most a week).</summary>
    public static DigestPeriod NextDue(DigestSchedule schedule, DateTimeOffset now, TimeZoneInfo zone)
    {
        var today = DateOnly.FromDateTime(ZonedTime.ToLocal(now, zone));
        for (var ahead = 0; ahead <= 7; ahead++)
        {
            var date = today.AddDays(ahead);
            if (!schedule.Days.Contains(date.DayOfWeek)) continue;
            var due = ZonedTime.ToInstant(date.ToDateTime(schedule.LocalTime), zone);
            if (due > now) return Period(schedule, date, due);
        }

        var weekAhead = today.AddDays(7);
        return Period(schedule, weekAhead, ZonedTime.ToInstant(weekAhead.ToDateTime(schedule.LocalTime), zone));
    }

    /// <summary>The period before <paramref name="period"/>: where a first digest's window starts.</summary>
    public static DigestPeriod Previous(DigestSchedule schedule, DigestPeriod period, TimeZoneInfo zone)
    {
        for (var back = 1; back <= 7; back++)
        {
            var date = period.LocalDate.AddDays(-back);
            if (schedule.Days.Contains(date.DayOfWeek))
                return Period(schedule, date, ZonedTime.ToInstant(date.ToDateTime(schedule.LocalTime), zone));
        }

        var weekBefore = period.LocalDate.AddDays(-7);
        return Period(schedule, weekBefore, ZonedTime.ToInstant(weekBefore.ToDateTime(schedule.LocalTime), zone));
    }

    public static string KeyOf(DigestSchedule schedule, DateOnly date) =>
        schedule.IsWeekly
            ? $"{ISOWeek.GetYear(date.ToDateTime(TimeOnly.MinValue))}-W{ISOWeek.GetWeekOfYear(date.ToDateTime(TimeOnly.MinValue)):D2}"
            : date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DigestPeriod Period(DigestSchedule schedule, DateOnly date, DateTimeOffset due) => new(KeyOf(schedule, date), date, due);
}
