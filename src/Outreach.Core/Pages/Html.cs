using System.Text;
using Outreach.Core.Common.Localization;

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
}
