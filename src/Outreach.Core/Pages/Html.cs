using System.Text;

namespace Outreach.Core.Pages;

/// <summary>Builds HTML from trusted markup and untrusted text; every untrusted value goes through <see cref="Encode"/>.</summary>
public static class Html
{
    /// <summary>Escapes the five characters that matter in text and quoted attributes; letters such as é stay readable.</summary>
    public static string Encode(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        if (text.AsSpan().IndexOfAny("&<>\"'") < 0) return text;
        var encoded = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            encoded.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        }

        return encoded.ToString();
    }

    /// <summary>Picks the French or English wording.</summary>
    public static string T(string language, string french, string english) => language == "en" ? english : french;
}

/// <summary>The two languages pages and mails speak; French unless <c>lang=en</c>.</summary>
public static class Language
{
    public const string French = "fr";
    public const string English = "en";

    public static string From(string? requested) => string.Equals(requested?.Trim(), English, StringComparison.OrdinalIgnoreCase) ? English : French;
}
