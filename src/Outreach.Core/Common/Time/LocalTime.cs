using System.Globalization;
using Outreach.Core.Newsletters;

namespace Outreach.Core.Common.Time;

/// <summary>
/// Local date-times in a time zone, converted at use. A time that does not exist (the spring-forward gap) moves
/// forward by the gap; a time that happens twice (the autumn fall-back) means its first occurrence.
/// </summary>
public static class LocalTime
{
    public static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");
    public static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    public static bool TryFindZone(string? id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrWhiteSpace(id)) return false;
        return TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out zone!);
    }

    public static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            var shifted = local.AddHours(1);
            while (zone.IsInvalidTime(shifted)) shifted = shifted.AddMinutes(30);
            local = shifted;
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }

    public static DateTime ToLocal(DateTimeOffset instant, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(instant, zone).DateTime;

    public static CultureInfo Culture(string language) => language == "en" ? English : French;

    /// <summary>"Octobre 2026".</summary>
    public static string MonthLabel(DateTime local, string language)
    {
        var text = local.ToString("MMMM yyyy", Culture(language));
        return char.ToUpper(text[0], Culture(language)) + text[1..];
    }

    /// <summary>"jeudi 8 octobre 2026, 12:00".</summary>
    public static string DayAndTimeLabel(DateTime local, string language) =>
        local.ToString(language == "en" ? "dddd d MMMM yyyy, HH:mm" : "dddd d MMMM yyyy, HH:mm", Culture(language));

    /// <summary>"lundi 26 octobre 2026".</summary>
    public static string DayLabel(DateOnly day, string language) => day.ToString("dddd d MMMM yyyy", Culture(language));
}
