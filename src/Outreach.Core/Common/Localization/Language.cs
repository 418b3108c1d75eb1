using System.Globalization;

namespace Outreach.Core.Common.Localization;

/// <summary>The two languages pages and mails speak; French unless <c>lang=en</c>.</summary>
public static class Language
{
    public const string French = "fr";
    public const string English = "en";

    public static string From(string? requested) => string.Equals(requested?.Trim(), English, StringComparison.OrdinalIgnoreCase) ? English : French;

    /// <summary>The language a page offers to switch to.</summary>
    public static string Other(string language) => language == English ? French : English;

    /// <summary>Picks the French or English wording.</summary>
    public static string T(string language, string french, string english) => language == "en" ? english : french;

    /// <summary>The culture dates and numbers are written in: French (France) or British English.</summary>
    public static CultureInfo Culture(string language) => language == English ? EnglishCulture : FrenchCulture;

    private static readonly CultureInfo FrenchCulture = CultureInfo.GetCultureInfo("fr-FR");
    private static readonly CultureInfo EnglishCulture = CultureInfo.GetCultureInfo("en-GB");
}
