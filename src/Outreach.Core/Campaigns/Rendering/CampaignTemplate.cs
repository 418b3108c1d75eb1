using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Outreach.Core.Campaigns.Rendering.Fragments;
using Outreach.Core.Mail;

namespace Outreach.Core.Campaigns.Rendering;

/// <summary>The values that make one recipient's copy of a campaign; <paramref name="PersonalLinks"/> by placeholder argument.</summary>
public sealed record RecipientValues(
    string Email, string? FirstName, string AudienceName, string UnsubscribeUrl, string PreferencesUrl, IReadOnlyDictionary<string, string>? PersonalLinks = null);

/// <summary>One recipient's copy, all placeholders replaced (what the Outbox transport writes).</summary>
public sealed record RenderedCopy(string Subject, string Html, string Text);

/// <summary>
/// A campaign rendered once: subject, HTML and text in which every placeholder has become a SendGrid substitution tag
/// (<c>%%firstName:h%%</c> in HTML, <c>%%firstName:t%%</c> in subject and text), plus the list of tags to fill per recipient.
/// HTML tags get HTML-encoded values and text tags raw ones, so a first name can never inject markup.
/// </summary>
public sealed class CampaignTemplate
{
    private CampaignTemplate(string subject, string html, string text, IReadOnlyList<SubstitutionTag> tags)
    {
        Subject = subject;
        Html = html;
        Text = text;
        Tags = tags;
    }

    public string Subject { get; }
    public string Html { get; }
    public string Text { get; }
    public IReadOnlyList<SubstitutionTag> Tags { get; }

    /// <summary>The arguments of the personal links this campaign carries (<c>{{oneClickUrl:…}}</c>), each once.</summary>
    public IReadOnlyCollection<string> PersonalLinkArguments =>
        Tags.Where(t => t.Name == CampaignPlaceholders.OneClickUrl && t.Argument is not null).Select(t => t.Argument!).Distinct(StringComparer.Ordinal).ToList();

    public static CampaignTemplate Compile(ComposedCampaign composed)
    {
        var tags = new Dictionary<(string Name, string? Argument, string? Fallback, bool Html), SubstitutionTag>();
        var fallbacks = new Dictionary<string, int>(StringComparer.Ordinal);
        var arguments = new Dictionary<string, int>(StringComparer.Ordinal);

        string TagFor(Placeholder placeholder, bool html)
        {
            var key = (placeholder.Name, placeholder.Argument, placeholder.Fallback, html);
            if (tags.TryGetValue(key, out var existing)) return existing.Tag;
            var argument = placeholder.Argument is null ? "" : "@" + Variant(arguments, placeholder.Argument);
            var variant = placeholder.Fallback is null ? "" : "~" + Variant(fallbacks, placeholder.Fallback);
            var tag = new SubstitutionTag($"%%{placeholder.Name}{argument}{variant}:{(html ? "h" : "t")}%%", placeholder.Name, placeholder.Fallback, html, placeholder.Argument);
            tags[key] = tag;
            return tag.Tag;
        }

        static int Variant(Dictionary<string, int> known, string value) =>
            known.TryGetValue(value, out var index) ? index : known[value] = known.Count + 1;

        var subject = CampaignPlaceholders.Replace(composed.Subject, p => TagFor(p, html: false));
        var html = CampaignPlaceholders.Replace(composed.Html, p => TagFor(p, html: true));
        var text = CampaignPlaceholders.Replace(composed.Text, p => TagFor(p, html: false));
        return new CampaignTemplate(subject, html, text, tags.Values.ToList());
    }

    /// <summary>The SendGrid <c>substitutions</c> of one personalization.</summary>
    public Dictionary<string, string> SubstitutionsFor(RecipientValues recipient)
    {
        var values = new Dictionary<string, string>(Tags.Count, StringComparer.Ordinal);
        foreach (var tag in Tags) values[tag.Tag] = tag.ValueFor(recipient);
        return values;
    }

    /// <summary>What SendGrid would produce for this recipient (used by the Outbox transport and test sends).</summary>
    public RenderedCopy RenderFor(RecipientValues recipient)
    {
        var values = SubstitutionsFor(recipient);
        return new RenderedCopy(Substitute(Subject, values), Substitute(Html, values), Substitute(Text, values));
    }

    private static string Substitute(string template, IReadOnlyDictionary<string, string> values)
    {
        if (values.Count == 0) return template;
        var result = new StringBuilder(template);
        foreach (var (tag, value) in values) result.Replace(tag, value);
        return result.ToString();
    }
}

/// <summary>One substitution tag and how its value is made from a recipient's values.</summary>
public sealed partial record SubstitutionTag(string Tag, string Name, string? Fallback, bool Html, string? Argument = null)
{
    public string ValueFor(RecipientValues recipient)
    {
        var raw = Name switch
        {
            CampaignPlaceholders.FirstName => recipient.FirstName,
            CampaignPlaceholders.Email => recipient.Email,
            CampaignPlaceholders.UnsubscribeUrl => recipient.UnsubscribeUrl,
            CampaignPlaceholders.PreferencesUrl => recipient.PreferencesUrl,
            CampaignPlaceholders.AudienceName => recipient.AudienceName,
            CampaignPlaceholders.OneClickUrl when Argument is not null => recipient.PersonalLinks?.GetValueOrDefault(Argument),
            _ => null,
        };
        raw = WithoutControlCharacters(raw?.Trim());

        // The fallback is written by the campaign's author in the part's own language (HTML or text): used as written.
        if (string.IsNullOrEmpty(raw)) return Fallback ?? "";
        return Html ? WebUtility.HtmlEncode(raw) : raw;
    }

    /// <summary>Line breaks and other control characters become one space: a value stays on one line (subject, headers).</summary>
    private static string WithoutControlCharacters(string? value) =>
        value is null || !value.Any(char.IsControl) ? value ?? "" : ControlRuns().Replace(value, " ");

    [System.Text.RegularExpressions.GeneratedRegex(@"\p{Cc}+")]
    private static partial System.Text.RegularExpressions.Regex ControlRuns();
}

/// <summary>A draft made whole: preheader and footer in place, the text part derived when absent. Placeholders are still <c>{{…}}</c>.</summary>
public sealed record ComposedCampaign(string Subject, string Html, string Text)
{
    public static ComposedCampaign From(CampaignDraft draft, string postalAddress)
    {
        var language = draft.Language;
        var html = draft.Html;
        var text = string.IsNullOrWhiteSpace(draft.Text) ? PlainText.FromHtml(draft.Html) : draft.Text!;
        if (!string.IsNullOrWhiteSpace(draft.Preheader)) html = HtmlDocument.InsertAtBodyStart(html, CampaignFragments.PreheaderHtml(draft.Preheader!));
        if (draft.AppendFooter)
        {
            var footer = new FooterValues(language, Placeholder(CampaignPlaceholders.AudienceName),
                Placeholder(CampaignPlaceholders.UnsubscribeUrl), Placeholder(CampaignPlaceholders.PreferencesUrl), postalAddress);
            html = HtmlDocument.InsertAtBodyEnd(html, CampaignFragments.FooterHtml(footer));
            text = text.TrimEnd() + Environment.NewLine + CampaignFragments.FooterPlainText(footer);
        }

        return new ComposedCampaign(draft.Subject.Trim(), html, text.ReplaceLineEndings("\n"));
    }

    private static string Placeholder(string name) => "{{" + name + "}}";
}

/// <summary>Places fragments in an HTML body that may or may not be a whole document.</summary>
public static partial class HtmlDocument
{
    public static string InsertAtBodyStart(string html, string fragment)
    {
        var body = BodyOpen().Match(html);
        return body.Success ? html.Insert(body.Index + body.Length, fragment) : fragment + html;
    }

    public static string InsertAtBodyEnd(string html, string fragment)
    {
        var close = html.LastIndexOf("</body", StringComparison.OrdinalIgnoreCase);
        return close >= 0 ? html.Insert(close, fragment) : html + fragment;
    }

    [GeneratedRegex(@"<body\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex BodyOpen();
}

/// <summary>A readable plain-text version of an HTML message: paragraphs, list items, links as "text (url)".</summary>
public static partial class PlainText
{
    /// <summary>Links become "label (url)", or "label : url" with <paramref name="urlAfterColon"/> (a URL then ends at a space).</summary>
    public static string FromHtml(string html, bool urlAfterColon = false)
    {
        var text = Invisible().Replace(html, "");
        text = Link().Replace(text, m =>
        {
            var url = m.Groups["url"].Value.Trim();
            var label = Tag().Replace(m.Groups["label"].Value, "").Trim();
            if (label.Length == 0 || WebUtility.HtmlDecode(label) == WebUtility.HtmlDecode(url)) return url;
            return urlAfterColon ? $"{label} : {url}" : $"{label} ({url})";
        });
        text = LineBreak().Replace(text, "\n");
        text = ListItem().Replace(text, "\n- ");
        text = BlockEnd().Replace(text, "\n\n");
        text = Tag().Replace(text, "");
        text = WebUtility.HtmlDecode(text).Replace('\u00A0', ' ');
        var lines = text.Split('\n').Select(line => Spaces().Replace(line, " ").Trim());
        return BlankLines().Replace(string.Join("\n", lines), "\n\n").Trim() + "\n";
    }

    [GeneratedRegex(@"<(head|style|script|title)\b[^>]*>.*?</\1\s*>|<!--.*?-->", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Invisible();

    [GeneratedRegex(@"<a\b[^>]*?\bhref\s*=\s*[""'](?<url>[^""']*)[""'][^>]*>(?<label>.*?)</a\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Link();

    [GeneratedRegex(@"<br\s*/?>", RegexOptions.IgnoreCase)]
    private static partial Regex LineBreak();

    [GeneratedRegex(@"<li\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex ListItem();

    [GeneratedRegex(@"</(p|div|h[1-6]|ul|ol|table|tr|blockquote|section|article|header|footer)\s*>|<hr\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex BlockEnd();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"[ \t\r\f\v]+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex BlankLines();
}
