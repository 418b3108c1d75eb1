using System.Globalization;

namespace Outreach.Core.Common.Time;

/// <summary>
/// Wall-clock times in a named zone ("2026-10-29T12:00" in "Europe/Paris"): the one place they become instants and
/// back. Schedules are stored as local time + zone and converted here, at use, under one policy for the two DST edges:
/// <list type="bullet">
/// <item>a time that happens twice (clocks go back: 02:00–03:00 on the last Sunday of October in Paris) means its
/// first occurrence, still on summer time;</item>
/// <item>a time that never happens (clocks go forward: 02:00–03:00 on the last Sunday of March) moves forward by the
/// gap (02:30 becomes 03:30), so a computed schedule such as a 02:30 digest still goes out that day. Where a person
/// types a time, the form refuses it first (<see cref="IsSkipped"/>, <see cref="SkippedMessage"/>), so nobody is
/// surprised by the move.</item>
/// </list>
/// </summary>
public static class ZonedTime
{
    private static readonly string[] LocalFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss"];

    /// <summary>Finds a zone by IANA or Windows id.</summary>
    public static bool TryFindZone(string? id, out TimeZoneInfo zone) => TryFindZone(id, out zone, out _);

    /// <summary>Finds a zone by IANA or Windows id and returns its IANA id (what iCalendar TZID carries).</summary>
    public static bool TryFindZone(string? id, out TimeZoneInfo zone, out string ianaId)
    {
        zone = TimeZoneInfo.Utc;
        ianaId = "";
        if (string.IsNullOrWhiteSpace(id) || id.Length > 64 || id.Any(char.IsControl)) return false;
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out var found)) return false;
        if (found.HasIanaId) ianaId = found.Id;
        else if (!TimeZoneInfo.TryConvertWindowsIdToIanaId(found.Id, out var converted)) return false;
        else ianaId = converted;
        if (NodaTime.DateTimeZoneProviders.Tzdb.GetZoneOrNull(ianaId) is null) return false;
        zone = found;
        return true;
    }

    public static TimeZoneInfo Zone(string ianaId) =>
        TryFindZone(ianaId, out var zone) ? zone : throw new ArgumentException($"Unknown time zone {ianaId}.", nameof(ianaId));

    /// <summary>Reads <c>yyyy-MM-ddTHH:mm[:ss]</c> (or with a space) without offset: a wall-clock time; <c>Z</c> or an offset is refused.</summary>
    public static bool TryParseLocal(string? text, out DateTime local)
    {
        var ok = DateTime.TryParseExact(text?.Trim(), LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out local);
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return ok;
    }

    public static string FormatLocal(DateTime local) => local.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    /// <summary>True when the wall-clock time never happens in that zone (the hour skipped when clocks go forward).</summary>
    public static bool IsSkipped(DateTime local, TimeZoneInfo zone) => zone.IsInvalidTime(Unspecified(local));

    /// <summary>What a form says about a skipped time: "2026-03-29 02:30 does not exist in Europe/Paris: …".</summary>
    public static string SkippedMessage(DateTime local, TimeZoneInfo zone) =>
        $"{local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} does not exist in {zone.Id}: the clocks go forward at that moment.";

    /// <summary>The instant (UTC) of a wall-clock time, under the policy above.</summary>
    public static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        var wallClock = Unspecified(local);
        var offset = zone.IsInvalidTime(wallClock) ? OffsetBeforeGap(wallClock, zone)
            : zone.IsAmbiguousTime(wallClock) ? zone.GetAmbiguousTimeOffsets(wallClock).Max()
            : zone.GetUtcOffset(wallClock);
        return new DateTimeOffset(wallClock, offset).ToUniversalTime();
    }

    /// <summary>The wall-clock time of an instant in a zone.</summary>
    public static DateTime ToLocal(DateTimeOffset instant, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(instant, zone).DateTime;

    /// <summary>Clocks only skip forward, so the offset before a gap is the smaller of the two around it.</summary>
    private static TimeSpan OffsetBeforeGap(DateTime skipped, TimeZoneInfo zone)
    {
        var before = zone.GetUtcOffset(skipped.AddHours(-6));
        var after = zone.GetUtcOffset(skipped.AddHours(6));
        return before < after ? before : after;
    }

    private static DateTime Unspecified(DateTime local) => DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
}
