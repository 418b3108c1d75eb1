using Outreach.Core.Common.Links;

namespace Outreach.Core.Subscriptions;

/// <summary>The absolute, signed links of a subscription that mails carry.</summary>
public sealed class SubscriptionLinks(PublicUrls urls, LinkTokens tokens)
{
    public string Confirm(string contactKey, string language) =>
        urls.Api("subscriptions/confirm", language, ("token", tokens.ForConfirmation(contactKey)));

    /// <summary>The unsubscribe link for one audience, or every audience with <c>*</c>.</summary>
    public string Unsubscribe(string contactKey, string audienceId, string language = "fr") =>
        urls.Api("unsubscribe", language, ("token", tokens.ForUnsubscribe(contactKey, audienceId)));

    public string Preferences(string contactKey, string language = "fr") =>
        urls.Api("preferences", language, ("token", tokens.ForPreferences(contactKey)));
}
