namespace Outreach.Console.Shared;

/// <summary>The organisation's time (Europe/Paris): what the team reads and types; the UTC it means is shown beside it.</summary>
public static class LocalTime
{
    public const string ZoneId = "Europe/Paris";

    public static TimeZoneInfo Zone(string? id = null) => TimeZoneInfo.FindSystemTimeZoneById(id ?? ZoneId);

    /// <summary>Monday first, as the API names them (DayOfWeek) and as the weeks of the calendar run.</summary>
    public static readonly string[] Weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    /// <summary>A wall-clock time as the API writes it (<c>2026-10-08T12:00</c>).</summary>
    public static DateTime Parse(string local) => DateTime.Parse(local, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A wall-clock time as the API reads it (<c>2026-10-08T12:00</c>).</summary>
    public static string? Format(DateTime? local) => local?.ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    public static DateTime ToLocal(DateTimeOffset instant, string? zone = null) => TimeZoneInfo.ConvertTime(instant, Zone(zone)).DateTime;

    /// <summary>The UTC instant of a local wall-clock time (a time in the spring gap moves forward, like the API does).</summary>
    public static DateTimeOffset ToUtc(DateTime local, string? zone = null)
    {
        var tz = Zone(zone);
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (tz.IsInvalidTime(unspecified))
        {
            unspecified = unspecified.AddMinutes(30);
        }

        return new DateTimeOffset(unspecified, tz.GetUtcOffset(unspecified)).ToUniversalTime();
    }
}
