using Microsoft.Extensions.Options;
using Outreach.Core.Common.Configuration;
using Outreach.Core.Common.Links;

namespace Outreach.Core.Subscriptions;

/// <summary>The absolute, signed links that mails carry.</summary>
public sealed class SubscriptionLinks(IOptions<OutreachOptions> options, LinkTokens tokens)
{
    public string BaseUrl { get; } = options.Value.PublicBaseUrl.TrimEnd('/');

    public string Api(string pathAndQuery) => $"{BaseUrl}/api/{pathAndQuery.TrimStart('/')}";

    /// <summary>A root-relative URL for forms and links on our own pages, right whatever host name served the page.</summary>
    public static string Local(string pathAndQuery) => $"/api/{pathAndQuery.TrimStart('/')}";

    /// <summary>One of our absolute links made root-relative, for use on our own pages.</summary>
    public string OnPage(string absoluteUrl) => absoluteUrl.StartsWith(BaseUrl + "/", StringComparison.Ordinal) ? absoluteUrl[BaseUrl.Length..] : absoluteUrl;

    public string Confirm(string contactKey, string language) =>
        Api($"subscriptions/confirm?token={tokens.ForConfirmation(contactKey)}{LangSuffix(language)}");

    /// <summary>The unsubscribe link for one audience, or every audience with <c>*</c>.</summary>
    public string Unsubscribe(string contactKey, string audienceId, string language = "fr") =>
        Api($"unsubscribe?token={tokens.ForUnsubscribe(contactKey, audienceId)}{LangSuffix(language)}");

    public string Preferences(string contactKey, string language = "fr") =>
        Api($"preferences?token={tokens.ForPreferences(contactKey)}{LangSuffix(language)}");

    public string Signup(string? audienceId = null, string language = "fr") =>
        Api("signup" + (audienceId is null ? (language == "en" ? "?lang=en" : "") : $"?audience={Uri.EscapeDataString(audienceId)}{LangSuffix(language)}"));

    private static string LangSuffix(string language) => language == "en" ? "&lang=en" : "";
}
