using Microsoft.Extensions.Options;
using Outreach.Core.Configuration;
using Outreach.Core.Security;

namespace Outreach.Core.Subscriptions;

/// <summary>The absolute, signed links that mails carry.</summary>
public sealed class SubscriptionLinks(IOptions<OutreachOptions> options, LinkTokens tokens)
{
    public string BaseUrl { get; } = options.Value.PublicBaseUrl.TrimEnd('/');

    public string Api(string pathAndQuery) => $"{BaseUrl}/api/{pathAndQuery.TrimStart('/')}";

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
