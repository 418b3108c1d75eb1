using Outreach.Core.Audiences;

namespace Outreach.Core.Pages.Signup;

/// <summary>The double opt-in's answer: which lists are confirmed, and the way to the preference centre.</summary>
public sealed record ConfirmedPageModel(IReadOnlyList<Audience> Confirmed, string PreferencesUrl);
