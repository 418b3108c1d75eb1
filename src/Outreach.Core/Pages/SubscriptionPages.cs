using Outreach.Core.Audiences;
using Outreach.Core.Pages.Preferences;
using Outreach.Core.Pages.Rendering;
using Outreach.Core.Pages.Shared;
using Outreach.Core.Pages.Signup;
using Outreach.Core.Common.Links;
using Outreach.Core.Subscriptions;
using static Outreach.Core.Common.Localization.Language;
using Outreach.Core.Common.Localization;
using Outreach.Core.Common.Validation;

namespace Outreach.Core.Pages;

/// <summary>What the sign-up form shows: lists, preselection, previous values and errors after a failed post.</summary>
public sealed record SignupFormModel(
    string Language,
    IReadOnlyList<Audience> Audiences,
    IReadOnlyCollection<string> Selected,
    string? Email = null,
    string? FirstName = null,
    ValidationErrors? Errors = null);

/// <summary>The public pages of the subscription journey, in French or English, each a Razor component under <c>Pages/</c>.</summary>
public sealed class SubscriptionPages(PageRenderer renderer, SubscriptionLinks links, PublicUrls urls)
{
    public HtmlPage Signup(SignupFormModel model) => renderer.Page<SignupPage, SignupFormModel>(model.Language, model);

    /// <summary>The form alone, with an absolute action URL, for pasting into another site.</summary>
    public HtmlPage SignupSnippet(SignupFormModel model) => renderer.Page<SignupSnippet, SignupFormModel>(model.Language, model);

    public HtmlPage CheckInbox(string language) => renderer.Page<CheckInboxPage>(language);

    /// <summary>What the confirmation link opens: one button whose POST confirms (a link scanner's GET changes nothing).</summary>
    public HtmlPage ConfirmPrompt(string language, string token) =>
        renderer.Page<ButtonPage, ButtonPageModel>(language, new ButtonPageModel(
            "confirm_prompt.title", "confirm_prompt.text", FormAction("subscriptions/confirm", token, language), "confirm_prompt.button") { NoteKey = "confirm_prompt.not_me" });

    public HtmlPage Confirmed(string language, IReadOnlyList<Audience> confirmed, string contactKeyForPreferences) =>
        renderer.Page<ConfirmedPage, ConfirmedPageModel>(language, new(confirmed, PreferencesUrl(contactKeyForPreferences, language)));

    /// <summary>An expired preference link: says so and offers a fresh one, mailed to the address it was made for.</summary>
    public HtmlPage PreferencesLinkExpired(string language, string token) =>
        renderer.Page<ButtonPage, ButtonPageModel>(language, new ButtonPageModel(
            "preferences.expired.title", "preferences.expired.text", FormAction("preferences/new-link", token, language), "preferences.expired.button", MessageKind.Problem)
        {
            DetailKey = "preferences.expired.detail",
        });

    public HtmlPage PreferencesLinkSent(string language) =>
        renderer.Page<MessagePage, MessagePageModel>(language, new MessagePageModel("check_inbox.title", MessageKind.Done, "preferences.link_sent"));

    public HtmlPage InvalidLink(string language, TokenCheck check) =>
        renderer.Page<MessagePage, MessagePageModel>(language, new MessagePageModel("common.invalid_link.title", MessageKind.Problem, InvalidLinkReason(check))
        {
            LinkLead = "invalid_link.sign_up_again",
            LinkKey = "invalid_link.signup_form",
            LinkUrl = urls.OnPage(urls.Signup(null, language)),
        });

    public HtmlPage Unsubscribe(string language, UnsubscribeView view, string token) =>
        renderer.Page<UnsubscribePage, UnsubscribePageModel>(language, new(view, FormAction("unsubscribe", token, language), PreferencesUrl(view.Contact.ContactKey, language)));

    public HtmlPage Unsubscribed(string language, UnsubscribeView view) =>
        renderer.Page<UnsubscribedPage, UnsubscribePageModel>(language, new(view, "", PreferencesUrl(view.Contact.ContactKey, language)));

    /// <summary>The preference centre; <paramref name="saved"/> after a post, with whether the person left everything.</summary>
    public HtmlPage Preferences(string language, PreferencesView view, string token, PreferencesSaved saved = PreferencesSaved.No) =>
        renderer.Page<PreferencesPage, PreferencesPageModel>(language, new(view, FormAction("preferences", token, language), saved switch
        {
            PreferencesSaved.Choices => "preferences.saved",
            PreferencesSaved.ChoicesAwaitingConfirmation => "preferences.saved_awaiting_confirmation",
            PreferencesSaved.LeftEverything => "preferences.left_all",
            _ => null,
        }));

    /// <summary>A form post whose body could not be read (too large, not UTF-8).</summary>
    public HtmlPage RequestRefused(string language, string? reason) =>
        renderer.Page<MessagePage, MessagePageModel>(language, new MessagePageModel("common.request_refused", MessageKind.Problem, Text: reason));

    private static string InvalidLinkReason(TokenCheck check) => check switch
    {
        TokenCheck.Expired => "common.invalid_link.expired",
        TokenCheck.WrongPurpose => "common.invalid_link.wrong_purpose",
        _ => "common.invalid_link.altered",
    };

    private string PreferencesUrl(string contactKey, string language) => urls.OnPage(links.Preferences(contactKey, language));

    private static string FormAction(string path, string token, string language) =>
        PublicUrls.Local(path, language, ("token", token));
}

/// <summary>What the preference centre just saved, to say so at the top of the page.</summary>
public enum PreferencesSaved
{
    No,
    Choices,

    /// <summary>Saved, and the lists newly chosen wait for the person's confirmation from the mail just sent.</summary>
    ChoicesAwaitingConfirmation,
    LeftEverything,
}
