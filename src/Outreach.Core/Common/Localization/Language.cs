namespace Outreach.Core.Common.Localization;

/// <summary>The two languages pages and mails speak; French unless <c>lang=en</c>.</summary>
public static class Language
{
    public const string French = "fr";
    public const string English = "en";

    public static string From(string? requested) => string.Equals(requested?.Trim(), English, StringComparison.OrdinalIgnoreCase) ? English : French;

    /// <summary>Picks the French or English wording.</summary>
    public static string T(string language, string french, string english) => language == "en" ? english : french;
}
