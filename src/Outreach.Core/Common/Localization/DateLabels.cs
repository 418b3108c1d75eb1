namespace Outreach.Core.Common.Localization;

/// <summary>Dates as people read them in pages and mails, in French or English.</summary>
public static class DateLabels
{
    /// <summary>"Octobre 2026".</summary>
    public static string Month(DateTime local, string language)
    {
        var culture = Language.Culture(language);
        var text = local.ToString("MMMM yyyy", culture);
        return char.ToUpper(text[0], culture) + text[1..];
    }

    /// <summary>"jeudi 8 octobre 2026, 12:00".</summary>
    public static string DayAndTime(DateTime local, string language) => local.ToString("dddd d MMMM yyyy, HH:mm", Language.Culture(language));

    /// <summary>"lundi 26 octobre 2026".</summary>
    public static string Day(DateTime local, string language) => local.ToString("dddd d MMMM yyyy", Language.Culture(language));

    /// <summary>"lundi 26 octobre 2026".</summary>
    public static string Day(DateOnly day, string language) => day.ToString("dddd d MMMM yyyy", Language.Culture(language));

    /// <summary>"jeudi 29 octobre".</summary>
    public static string ShortDay(DateTime local, string language) => local.ToString("dddd d MMMM", Language.Culture(language));
}
