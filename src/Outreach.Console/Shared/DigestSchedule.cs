using Outreach.Console.Api;
using Outreach.Console.Localization;

namespace Outreach.Console.Shared;

/// <summary>How a digest's schedule and next send read in the console.</summary>
public static class DigestSchedule
{
    /// <summary>"lundi, mardi, …, 09:00".</summary>
    public static string Describe(Texts texts, DigestView digest) =>
        texts.Format("automatic.days", string.Join(", ", LocalTime.Weekdays.Where(digest.Days.Contains).Select(day => texts["weekday." + day])), digest.Time);

    public static string LocalDue(Texts texts, DigestView digest) =>
        LocalTime.Parse(digest.Next.LocalDue).ToString("dddd d MMMM yyyy, HH:mm", texts.Culture);
}
