using System.Globalization;

namespace Outreach.Core.Common.Time;

/// <summary>
/// Local date-times in a named zone, as the comms team types them ("2026-10-29T12:00", "Europe/Paris"),
/// turned into instants. Times that do not exist (spring-forward gap) are refused; ambiguous times
/// (autumn fall-back) mean the first of the two instants.
/// </summary>
public static class ZonedTime
{
    private static readonly string[] LocalFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss"];

    /// <summary>Finds a zone by IANA or Windows id and returns its IANA id (what iCalendar TZID carries).</summary>
    public static bool TryFindZone(string? id, out TimeZoneInfo zone, out string ianaId)
    {
        zone = TimeZoneInfo.Utc;
        ianaId = "";
        if (string.IsNullOrWhiteSpace(id) || id.Length > 64 || id.Any(char.IsControl)) return false;
        var trimmed = id.Trim();
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(trimmed, out var found)) return false;
        if (found.HasIanaId) ianaId = found.Id;
        else if (!TimeZoneInfo.TryConvertWindowsIdToIanaId(found.Id, out var converted)) return false;
        else ianaId = converted;
        if (NodaTime.DateTimeZoneProviders.Tzdb.GetZoneOrNull(ianaId) is null) return false;
        zone = found;
        return true;
    }

    /// <summary>Parses <c>yyyy-MM-ddTHH:mm[:ss]</c> without offset: a wall-clock time.</summary>
    public static bool TryParseLocal(string? text, out DateTime local)
    {
        var ok = DateTime.TryParseExact(text?.Trim(), LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out local);
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return ok;
    }

    public static string FormatLocal(DateTime local) => local.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    /// <summary>True when the wall-clock time is skipped in that zone (clocks go forward).</summary>
    public static bool DoesNotExist(DateTime local, TimeZoneInfo zone) => zone.IsInvalidTime(DateTime.SpecifyKind(local, DateTimeKind.Unspecified));

    /// <summary>The instant of a wall-clock time; for an ambiguous time the earlier instant.</summary>
    public static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(unspecified)) throw new ArgumentException($"{FormatLocal(local)} does not exist in {zone.Id}.", nameof(local));
        var offset = zone.IsAmbiguousTime(unspecified) ? zone.GetAmbiguousTimeOffsets(unspecified).Max() : zone.GetUtcOffset(unspecified);
        return new DateTimeOffset(unspecified, offset).ToUniversalTime();
    }

    /// <summary>The wall-clock time of an instant in a zone, with its offset.</summary>
    public static DateTimeOffset ToLocal(DateTimeOffset instant, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(instant, zone);

    public static TimeZoneInfo Zone(string ianaId) =>
        TryFindZone(ianaId, out var zone, out _) ? zone : throw new ArgumentException($"Unknown time zone {ianaId}.", nameof(ianaId));
}
