using Outreach.Console.Api;
using Outreach.Console.Localization;

namespace Outreach.Console.Shared;

/// <summary>How a digest's schedule and next send read in the console.</summary>
public static class DigestSchedule
{
    public static readonly string[] Weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    /// <summary>"lundi, mardi, …, 09:00".</summary>
    public static string Describe(Texts texts, DigestView digest) =>
        texts.Format("automatic.days", string.Join(", ", Weekdays.Where(digest.Days.Contains).Select(day => texts["weekday." + day])), digest.Time);

    public static string LocalDue(Texts texts, DigestView digest) =>
        DateTime.Parse(digest.Next.LocalDue, System.Globalization.CultureInfo.InvariantCulture).ToString("dddd d MMMM yyyy, HH:mm", texts.Culture);
}
