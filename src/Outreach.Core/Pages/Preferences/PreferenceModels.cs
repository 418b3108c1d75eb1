using Outreach.Core.Subscriptions;

namespace Outreach.Core.Pages.Preferences;

/// <summary>The unsubscribe page and its answer: whose lists, where the button posts, the way to the preference centre.</summary>
public sealed record UnsubscribePageModel(UnsubscribeView View, string Action, string PreferencesUrl);

/// <summary>The preference centre: the lists and their state, where the form posts, and what was just saved, if anything.</summary>
public sealed record PreferencesPageModel(PreferencesView View, string Action, string? NoticeKey = null);
