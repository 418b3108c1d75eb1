using Outreach.Core.Audiences;
using Outreach.Core.Common.Links;
using Outreach.Core.Common.Validation;
using Outreach.Core.Events.Sessions;
using Outreach.Core.Subscriptions;

namespace Outreach.Core.Events.Registrations.OneClick;

public enum OneClickResult
{
    /// <summary>The page may offer the button (a waitlist place when <see cref="OneClickOutcome.Waitlist"/>).</summary>
    Offered,
    Registered,
    Waitlisted,

    /// <summary>The person holds a seat or a waitlist place already (for a series: in every session still open).</summary>
    AlreadyRegistered,

    /// <summary>Full, and no waitlist.</summary>
    Full,

    /// <summary>Started, over or cancelled: <see cref="OneClickOutcome.Reason"/> says which.</summary>
    Unavailable,

    /// <summary>The session asks questions that must be answered: the form on its page is the way in.</summary>
    NeedsAnswers,

    /// <summary>The person left every list, is suppressed, or was erased: a link never brings them back.</summary>
    NotSubscribed,
    NotFound,

    /// <summary>Tampered, for another purpose or another session or series: <see cref="OneClickOutcome.Check"/> says which.</summary>
    InvalidLink,
    Expired,
}

/// <summary>What a one-click link leads to: the target, the person it is for, and what the button would do or did.</summary>
public sealed record OneClickOutcome(OneClickResult Result, TokenCheck Check = TokenCheck.Valid)
{
    public OneClickScope? Scope { get; init; }
    public string? Email { get; init; }
    public EventSession? Session { get; init; }
    public EventSeries? Series { get; init; }

    /// <summary>A series' sessions still open to this person (for a session: just it).</summary>
    public IReadOnlyList<EventSession> Sessions { get; init; } = [];

    public IReadOnlyList<RegistrationOutcome> Outcomes { get; init; } = [];
    public bool Waitlist { get; init; }
    public RegistrationResult? Reason { get; init; }
}

/// <summary>
/// Registration from a signed link in a mail (newsletter, digest, programme) that a confirmed subscriber received. The GET
/// only reads (<see cref="ReadAsync"/>: link scanners follow it); the POST (<see cref="RegisterAsync"/>) registers the
/// person with their stored address, first name and language: no form and no second confirmation, since the address
/// proved itself by subscribing, so a limited session's seat is taken at once (or a waitlist place when full). The invite
/// goes through the same enrolment as a form registration. The source of the registration is the mail the link came from,
/// signed in the token. Registering again changes nothing.
/// </summary>
public sealed class OneClickRegistrationService(
    LinkTokens tokens,
    EventStore events,
    RegistrationStore registrations,
    Enrolment enrolment,
    SeriesRegistrationService series,
    RegistrationConsent consent,
    ContactStore contacts,
    MembershipStore memberships,
    AudienceStore audiences,
    SuppressionStore suppressions,
    TimeProvider clock)
{
    public async Task<OneClickOutcome> ReadAsync(OneClickTarget target, string id, string? token, CancellationToken cancellationToken = default) =>
        (await ReadForAsync(target, id, token, cancellationToken)).Outcome;

    public async Task<OneClickOutcome> RegisterAsync(OneClickTarget target, string id, string? token, RequestOrigin origin, CancellationToken cancellationToken = default)
    {
        var (offer, person) = await ReadForAsync(target, id, token, cancellationToken);
        if (offer.Result != OneClickResult.Offered || person is null) return offer;
        var (contact, email) = person.Value;
        var request = new RegistrationRequest { Email = email.Value, FirstName = contact.FirstName, Language = contact.Language, Consent = true, JoinWaitlist = true };
        var source = offer.Scope!.Source;
        if (target == OneClickTarget.Series)
        {
            var outcomes = await series.RegisterSubscriberAsync(offer.Series!, offer.Sessions, email, request, source, origin, cancellationToken);
            return offer with { Result = OneClickResult.Registered, Outcomes = outcomes };
        }

        var session = offer.Session!;
        var enrolled = await enrolment.EnrolAsync(session, email, request, source, session.SeriesId, joinWaitlist: true, MailCause.Proven, cancellationToken);
        if (enrolled.Result is not (RegistrationResult.Registered or RegistrationResult.Waitlisted)) return offer with { Result = OneClickResult.Full };
        await consent.RecordAsync(email, source, $"event:{session.Id}", origin, cancellationToken);
        return offer with { Result = enrolled.Result == RegistrationResult.Waitlisted ? OneClickResult.Waitlisted : OneClickResult.Registered };
    }

    private async Task<(OneClickOutcome Outcome, (Contact Contact, EmailAddress Email)? Person)> ReadForAsync(
        OneClickTarget target, string id, string? token, CancellationToken cancellationToken)
    {
        var (check, scope, contactKey) = Verify(target, id, token);
        if (check == TokenCheck.Expired) return (new OneClickOutcome(OneClickResult.Expired, check), null);
        if (check != TokenCheck.Valid) return (new OneClickOutcome(OneClickResult.InvalidLink, check), null);
        var person = await SubscriberAsync(contactKey!, cancellationToken);
        if (person is not { } found) return (new OneClickOutcome(OneClickResult.NotSubscribed) { Scope = scope }, null);
        var outcome = target == OneClickTarget.Session
            ? await ReadSessionAsync(id, found.Email, cancellationToken)
            : await ReadSeriesAsync(id, found.Email, cancellationToken);
        return (outcome with { Scope = scope, Email = found.Email.Value }, person);
    }

    /// <summary>The token checked against the page it was opened on: its purpose, its signature, its expiry, its target.</summary>
    private (TokenCheck Check, OneClickScope? Scope, string? ContactKey) Verify(OneClickTarget target, string id, string? token)
    {
        var check = tokens.Verify(token, TokenPurpose.OneClickRegistration, out var verified);
        if (check != TokenCheck.Valid) return (check, null, null);
        if (!OneClickScope.TryParse(verified!.Scope, out var scope)) return (TokenCheck.Malformed, null, null);
        if (scope.Target != target || scope.Id != id) return (TokenCheck.WrongPurpose, null, null);
        return (TokenCheck.Valid, scope, verified.ContactKey);
    }

    /// <summary>The person's stored contact while they are still a confirmed subscriber of some list and not suppressed; null otherwise.</summary>
    private async Task<(Contact Contact, EmailAddress Email)?> SubscriberAsync(string contactKey, CancellationToken cancellationToken)
    {
        var contact = await contacts.FindContactAsync(contactKey, cancellationToken);
        if (contact is null || !EmailAddress.TryParse(contact.Email, out var email) || email.Key != contactKey) return null;
        if (await suppressions.IsSuppressedAsync(contactKey, cancellationToken)) return null;
        var lists = (await audiences.ListAsync(cancellationToken)).Select(a => a.Id);
        var member = await memberships.FindMembershipsAsync(contactKey, lists, cancellationToken);
        return member.Any(m => m.Status == MemberStatus.Confirmed) ? (contact, email) : null;
    }

    private async Task<OneClickOutcome> ReadSessionAsync(string sessionId, EmailAddress email, CancellationToken cancellationToken)
    {
        var session = await events.FindSessionAsync(sessionId, cancellationToken);
        if (session is null) return new OneClickOutcome(OneClickResult.NotFound);
        var found = new OneClickOutcome(OneClickResult.Offered) { Session = session, Sessions = [session] };
        if (await HoldsPlaceAsync(session.Id, email.Key, cancellationToken)) return found with { Result = OneClickResult.AlreadyRegistered };
        if (RegistrationRules.Unavailability(session, clock.GetUtcNow()) is { } reason) return found with { Result = OneClickResult.Unavailable, Reason = reason };
        if (AsksAnswers(session)) return found with { Result = OneClickResult.NeedsAnswers };
        if (!await enrolment.IsFullForAsync(session, joinWaitlist: false, cancellationToken)) return found;
        return session.Waitlist ? found with { Waitlist = true } : found with { Result = OneClickResult.Full };
    }

    private async Task<OneClickOutcome> ReadSeriesAsync(string seriesId, EmailAddress email, CancellationToken cancellationToken)
    {
        var found = await events.FindSeriesAsync(seriesId, cancellationToken);
        if (found is null) return new OneClickOutcome(OneClickResult.NotFound);
        var now = clock.GetUtcNow();
        var open = (await events.ListSessionsAsync(found.SessionIds, cancellationToken)).Where(s => RegistrationRules.Unavailability(s, now) is null).ToList();
        var outcome = new OneClickOutcome(OneClickResult.Offered) { Series = found };
        if (open.Count == 0) return outcome with { Result = OneClickResult.Unavailable, Reason = RegistrationResult.Past };
        var missing = new List<EventSession>();
        foreach (var session in open)
            if (!await HoldsPlaceAsync(session.Id, email.Key, cancellationToken)) missing.Add(session);
        if (missing.Count == 0) return outcome with { Result = OneClickResult.AlreadyRegistered, Sessions = open };
        if (AsksAnswers(missing[0])) return outcome with { Result = OneClickResult.NeedsAnswers, Sessions = missing };
        return outcome with { Sessions = missing };
    }

    private async Task<bool> HoldsPlaceAsync(string sessionId, string contactKey, CancellationToken cancellationToken) =>
        await registrations.FindAsync(sessionId, contactKey, cancellationToken) is { Status: RegistrationStatus.Registered or RegistrationStatus.Waitlisted };

    private static bool AsksAnswers(EventSession session) => session.Questions.Any(q => q.Required);
}
