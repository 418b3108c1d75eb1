using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Outreach.Core.Common.Links;
using Outreach.Core.Common.Validation;
using Outreach.Core.Events.Mails;
using Outreach.Core.Events.Sessions;
using Outreach.Core.Mail;
using Outreach.Core.Subscriptions;

namespace Outreach.Core.Events.Registrations;

/// <summary>What a registration form or API call sends (one session or a whole series).</summary>
public sealed record RegistrationRequest
{
    public string? Email { get; init; }
    public string? FirstName { get; init; }
    public bool Consent { get; init; }

    /// <summary>The person accepts a place on the waitlist if the session is full.</summary>
    public bool JoinWaitlist { get; init; }

    /// <summary>Series only: also subscribe (double opt-in) to the series' programme mail.</summary>
    public bool FollowProgramme { get; init; }

    public string? Source { get; init; }

    /// <summary>Answers to the session's questions as given (question id → values); checked against the questions.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Answers { get; init; }

    /// <summary>The honeypot: a field people never see; bots fill it.</summary>
    public string? Website { get; init; }

    public string Language { get; init; } = "fr";
}

public enum RegistrationResult
{
    Registered,
    Waitlisted,

    /// <summary>A session with limited seats: the place is the person's once they confirm it from the mail just sent.</summary>
    AwaitingConfirmation,

    /// <summary>Too many registration requests from the client's network this hour.</summary>
    TooMany,

    /// <summary>No seat left; <see cref="RegistrationOutcome.WaitlistOffered"/> says whether asking again with the waitlist would work.</summary>
    Full,

    /// <summary>The session has started: registration is closed.</summary>
    Closed,

    /// <summary>The session (or every session of the series) is over.</summary>
    Past,

    /// <summary>The session was cancelled.</summary>
    Cancelled,
    NotFound,
    Invalid,
}

public sealed record RegistrationOutcome(RegistrationResult Result, EventSession? Session, ValidationErrors? Errors = null, bool WaitlistOffered = false);

public sealed record SeriesRegistrationOutcome(
    RegistrationResult Result,
    EventSeries? Series,
    IReadOnlyList<RegistrationOutcome> Sessions,
    ValidationErrors? Errors = null);

public enum RegistrationCancelResult
{
    Cancelled,
    AlreadyCancelled,
    InvalidLink,
    NotFound,
}

/// <summary>The wording people agree to when they register to a webinar; its version is stored with the consent record.</summary>
public static class EventConsentWording
{
    public const string Version = "event-registration-2026-11";

    public static string Text(string language) => language == "en"
        ? "I agree that my e-mail address and first name are used to send me the invitation, reminders and news of this webinar (changes, cancellation, replay)."
        : "J'accepte que mon adresse e-mail et mon prénom servent à m'envoyer l'invitation, les rappels et les informations de ce webinaire (changements, annulation, replay).";
}

/// <summary>
/// Registration to one session: validation, the open/closed/past rules, consent, then a seat or a waitlist place
/// (<see cref="Enrolment"/>); and the registrant's own "manage my registration" link, which cancels.
/// A session with limited seats gives a place only to someone who confirms it from their mailbox, and answers every
/// address the same way (what it says depends on the session, never on who the address is).
/// A whole series is <see cref="SeriesRegistrationService"/>.
/// </summary>
public sealed class RegistrationService(
    EventStore events,
    RegistrationStore registrations,
    Enrolment enrolment,
    RegistrationConsent consent,
    RegistrationAllowance allowance,
    LinkTokens tokens,
    TimeProvider clock)
{
    private const int MaxAttempts = 8;

    public ValidationErrors Validate(RegistrationRequest request, string? organizerEmail = null) => RegistrationRules.Validate(request, organizerEmail);

    /// <summary>Why a session cannot take registrations right now, or null when it can.</summary>
    public RegistrationResult? Unavailability(EventSession session) => RegistrationRules.Unavailability(session, clock.GetUtcNow());

    public async Task<RegistrationOutcome> RegisterAsync(string sessionId, RegistrationRequest request, RequestOrigin origin, CancellationToken cancellationToken = default)
    {
        var session = await events.FindSessionAsync(sessionId, cancellationToken);
        if (session is null) return new RegistrationOutcome(RegistrationResult.NotFound, null);
        var errors = Validate(request, session.OrganizerEmail);
        var answers = RegistrationQuestion.Read(session.Questions, request.Answers, request.Language, errors);
        if (!errors.IsValid) return new RegistrationOutcome(RegistrationResult.Invalid, session, errors);
        request = request with { Answers = answers };
        if (Unavailability(session) is { } closed) return new RegistrationOutcome(closed, session);
        if (!await allowance.TryTakeRequestAsync(origin.IpPrefix, cancellationToken)) return new RegistrationOutcome(RegistrationResult.TooMany, session);
        if (await enrolment.IsFullForAsync(session, request.JoinWaitlist, cancellationToken))
            return new RegistrationOutcome(RegistrationResult.Full, session, WaitlistOffered: session.Waitlist);

        if (!EmailAddress.TryParse(request.Email, out var email)) throw new InvalidOperationException("Validated e-mail did not parse.");
        var limited = session.Capacity is not null;
        if (await consent.IsIgnoredAsync(request, email, cancellationToken))
            return new RegistrationOutcome(limited ? RegistrationResult.AwaitingConfirmation : RegistrationResult.Registered, session);

        var source = RegistrationRules.SourceOf(request, origin);
        if (limited) return await enrolment.HoldAsync(session, email, request, source, seriesId: null, cancellationToken);
        var outcome = await enrolment.EnrolAsync(session, email, request, source, seriesId: null, request.JoinWaitlist, MailCause.AnonymousRequest, cancellationToken);
        if (outcome.Result is RegistrationResult.Registered or RegistrationResult.Waitlisted)
            await consent.RecordAsync(email, source, $"event:{session.Id}", origin, cancellationToken);
        return outcome;
    }

    /// <summary>The pending request a "confirm my place" link points to, for the page with the button (changes nothing).</summary>
    public async Task<(TokenCheck Check, EventSession? Session, Registration? Pending)> FindSeatRequestAsync(string sessionId, string? token, CancellationToken cancellationToken = default)
    {
        var check = tokens.Verify(token, TokenPurpose.EventSeat, out var verified);
        if (check != TokenCheck.Valid) return (check, null, null);
        if (verified!.Scope != sessionId) return (TokenCheck.WrongPurpose, null, null);
        var session = await events.FindSessionAsync(sessionId, cancellationToken);
        var registration = session is null ? null : await registrations.FindAsync(sessionId, verified.ContactKey, cancellationToken);
        return (TokenCheck.Valid, session, registration);
    }

    /// <summary>
    /// The button of the "confirm my place" mail: the place is taken (or a waitlist place, if the seats went meanwhile),
    /// the invite is sent, and the consent is recorded now that the address has proved itself. Confirming again answers the same.
    /// </summary>
    public async Task<(TokenCheck Check, RegistrationOutcome? Outcome)> ConfirmSeatAsync(string sessionId, string? token, RequestOrigin origin, CancellationToken cancellationToken = default)
    {
        var (check, session, found) = await FindSeatRequestAsync(sessionId, token, cancellationToken);
        if (check != TokenCheck.Valid) return (check, null);
        if (session is null || found is null || found.Status == RegistrationStatus.Cancelled) return (check, new RegistrationOutcome(RegistrationResult.NotFound, session));
        if (found.Status == RegistrationStatus.Registered) return (check, new RegistrationOutcome(RegistrationResult.Registered, session));
        if (found.Status == RegistrationStatus.Waitlisted) return (check, new RegistrationOutcome(RegistrationResult.Waitlisted, session));
        if (Unavailability(session) is { } closed) return (check, new RegistrationOutcome(closed, session));

        var outcome = await enrolment.ConfirmAsync(session, found, cancellationToken);
        if (outcome.Result is RegistrationResult.Registered or RegistrationResult.Waitlisted && EmailAddress.TryParse(found.Email, out var email))
            await consent.RecordAsync(email, found.Source ?? "event-form", $"event:{session.Id}", origin, cancellationToken);
        return (check, outcome);
    }

    /// <summary>The registration a "manage my registration" link points to, for the page that offers to cancel it.</summary>
    public async Task<(TokenCheck Check, EventSession? Session, Registration? Registration)> FindByLinkAsync(string sessionId, string? token, CancellationToken cancellationToken = default)
    {
        var check = tokens.Verify(token, TokenPurpose.EventRegistration, out var verified);
        if (check != TokenCheck.Valid) return (check, null, null);
        if (verified!.Scope != sessionId) return (TokenCheck.WrongPurpose, null, null);
        var session = await events.FindSessionAsync(sessionId, cancellationToken);
        var registration = session is null ? null : await registrations.FindAsync(sessionId, verified.ContactKey, cancellationToken);
        return (TokenCheck.Valid, session, registration);
    }

    /// <summary>The registrant cancels: the seat is freed (and offered to the waitlist) and their calendar copy withdrawn.</summary>
    public async Task<RegistrationCancelResult> CancelByLinkAsync(string sessionId, string? token, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var (check, session, registration) = await FindByLinkAsync(sessionId, token, cancellationToken);
            if (check != TokenCheck.Valid) return RegistrationCancelResult.InvalidLink;
            if (session is null || registration is null) return RegistrationCancelResult.NotFound;
            if (registration.Status == RegistrationStatus.Cancelled) return RegistrationCancelResult.AlreadyCancelled;
            if (await enrolment.TryCancelAsync(session, registration, cancellationToken)) return RegistrationCancelResult.Cancelled;
        }

        throw new InvalidOperationException($"The registration to {sessionId} kept changing under concurrent updates.");
    }
}
