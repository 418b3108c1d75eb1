using Outreach.Core.Events;
using Outreach.Core.Events.Registrations;
using Outreach.Core.Events.Sessions;

namespace Outreach.Core.Pages.Webinars;

/// <summary>The page after a form registration: which session, and the registration's status (registered, waitlisted, pending).</summary>
public sealed record RegisteredPageModel(EventSession Session, string Status)
{
    public bool Waitlisted => Status == RegistrationStatus.Waitlisted;
    public bool Pending => Status == RegistrationStatus.Pending;
}

/// <summary>The page a "confirm my place" link opens: the session and the button that takes the place.</summary>
public sealed record ConfirmSeatPageModel(EventSession Session, string Token);

/// <summary>The page after registering for a series: each session's outcome, and whether the programme mail was asked for.</summary>
public sealed record SeriesRegisteredPageModel(EventSeries Series, IReadOnlyList<RegistrationOutcome> Outcomes, bool FollowProgramme);

/// <summary>The registrant's own page, reached from the signed link in every mail about their registration.</summary>
public sealed record ManageRegistrationPageModel(EventSession Session, Registration Registration, string Token);

/// <summary>
/// A join link that cannot take the person to the call: the session, and why (its string key): no video link yet, no
/// seat, registration or session cancelled; <paramref name="Problem"/> when it is a refusal rather than "not yet".
/// </summary>
public sealed record JoinUnavailablePageModel(EventSession Session, string ReasonKey, bool Problem);

/// <summary>The page a one-click registration link opens: what the button registers to, for whom, and where it posts.</summary>
public sealed record OneClickPageModel(Outreach.Core.Events.Registrations.OneClick.OneClickOutcome Offer, string Action);
