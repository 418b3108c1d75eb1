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

/// <summary>The frame every public page shares: lang attribute, title, readable styles, no script.</summary>
public static class PageLayout
{
    public const string Styles = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5;margin:0;background:#f6f7f9;color:#1b1f24}
        main{max-width:40rem;margin:2rem auto;background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.1)}
        h1{font-size:1.6rem;margin-top:0;color:#123a6b}
        label{display:block;margin:.6rem 0 .2rem;font-weight:600}
        input[type=email],input[type=text]{width:100%;padding:.55rem;border:1px solid #8a94a3;border-radius:4px;font-size:1rem;box-sizing:border-box}
        fieldset{border:1px solid #d5d9e0;border-radius:6px;margin:1rem 0;padding:.5rem 1rem}
        legend{font-weight:600}
        .choice{display:flex;gap:.6rem;align-items:flex-start;margin:.5rem 0}
        .choice label{font-weight:normal;margin:0}
        .choice small{display:block;color:#566070}
        button{background:#123a6b;color:#fff;border:0;border-radius:4px;padding:.65rem 1.2rem;font-size:1rem;cursor:pointer;margin-top:1rem}
        button.secondary{background:#fff;color:#8a1c1c;border:1px solid #8a1c1c}
        button:focus,input:focus,a:focus{outline:3px solid #f2a900;outline-offset:2px}
        .errors{background:#fdecec;border:1px solid #c62828;padding:.5rem 1rem;border-radius:4px}
        .notice{background:#eaf4ea;border:1px solid #2e7d32;padding:.5rem 1rem;border-radius:4px}
        .hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
        nav.lang{text-align:right;font-size:.9rem}
        footer{color:#566070;font-size:.85rem;margin-top:2rem}
        """;

    public static string Render(string language, string title, string bodyHtml, string? alternateLanguageUrl = null)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"").Append(language).Append("\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Html.Encode(title)).Append("</title>\n<style>").Append(Styles).Append("</style>\n</head>\n<body>\n<main>\n");
        if (alternateLanguageUrl is not null)
        {
            var other = language == Language.English ? "Français" : "English";
            var otherLang = language == Language.English ? Language.French : Language.English;
            html.Append("<nav class=\"lang\"><a href=\"").Append(Html.Encode(alternateLanguageUrl)).Append("\" hreflang=\"").Append(otherLang)
                .Append("\" lang=\"").Append(otherLang).Append("\">").Append(other).Append("</a></nav>\n");
        }

        html.Append("<h1>").Append(Html.Encode(title)).Append("</h1>\n").Append(bodyHtml).Append("\n</main>\n</body>\n</html>\n");
        return html.ToString();
    }
}
