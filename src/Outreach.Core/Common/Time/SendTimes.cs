
namespace Outreach.Core.Common.Time;

/// <summary>
/// Turns a wall-clock send time in a time zone into the instant it happens. A time that does not exist (the hour
/// skipped when clocks go forward) is refused; a time that happens twice (when clocks go back) means the first one.
/// </summary>
public static class SendTimes
{
    public static bool TryFindZone(string? id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrWhiteSpace(id)) return false;
        return TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out zone!);
    }

    /// <summary>The instant of <paramref name="localTime"/> in <paramref name="zone"/>, or the reason there is none.</summary>
    public static (DateTimeOffset? Instant, string? Error) ToInstant(DateTime localTime, TimeZoneInfo zone)
    {
        var local = DateTime.SpecifyKind(localTime, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
            return (null, $"{local:yyyy-MM-dd HH:mm} does not exist in {zone.Id} (the clocks skip that hour).");
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return (new DateTimeOffset(local, offset).ToUniversalTime(), null);
    }

    /// <summary>Reads <c>2026-12-03T09:00</c> (seconds optional); a value with an offset or <c>Z</c> is refused: send times are local.</summary>
    public static bool TryParseLocal(string? text, out DateTime localTime)
    {
        localTime = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        return DateTime.TryParseExact(text.Trim(), ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss"],
            System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out localTime);
    }
}
