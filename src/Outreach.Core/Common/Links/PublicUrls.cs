using Microsoft.Extensions.Options;
using Outreach.Core.Common.Configuration;
using Outreach.Core.Common.Localization;

namespace Outreach.Core.Common.Links;

/// <summary>
/// The one place public URLs are built: the configured base (<c>PublicBaseUrl</c>), the <c>/api/</c> prefix, query
/// values escaped, and the language: French adds nothing, English adds <c>lang=en</c> as the last parameter.
/// </summary>
public sealed class PublicUrls(IOptions<OutreachOptions> options)
{
    public string BaseUrl { get; } = options.Value.PublicBaseUrl.TrimEnd('/');

    /// <summary>An absolute link, for mails and anything read away from our pages: <c>https://…/api/{path}?…</c>.</summary>
    public string Api(string path, string language = Language.French, params (string Name, string? Value)[] query) =>
        BaseUrl + Local(path, language, query);

    /// <summary>A root-relative URL for forms and links on our own pages, right whatever host name served the page.</summary>
    public static string Local(string path, string language = Language.French, params (string Name, string? Value)[] query)
    {
        var url = "/api/" + path.TrimStart('/');
        foreach (var (name, value) in query)
            if (value is not null) url = WithParameter(url, name, value);
        return WithLanguage(url, language);
    }

    /// <summary>The sign-up form, with <paramref name="audienceId"/> preselected when given.</summary>
    public string Signup(string? audienceId = null, string language = Language.French) => Api("signup", language, ("audience", audienceId));

    /// <summary>One of our absolute links made root-relative, for use on our own pages.</summary>
    public string OnPage(string absoluteUrl) =>
        absoluteUrl.StartsWith(BaseUrl + "/", StringComparison.Ordinal) ? absoluteUrl[BaseUrl.Length..] : absoluteUrl;

    /// <summary>The URL with <c>lang=en</c> added for English; unchanged for French.</summary>
    public static string WithLanguage(string url, string language) => language == Language.English ? WithParameter(url, "lang", "en") : url;

    private static string WithParameter(string url, string name, string value) =>
        url + (url.Contains('?') ? '&' : '?') + name + "=" + Uri.EscapeDataString(value);
}
