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

    /// <summary>The honeypot: a field people never see; bots fill it.</summary>
    public string? Website { get; init; }

    public string Language { get; init; } = "fr";
}

public enum RegistrationResult
{
    Registered,
    Waitlisted,

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
/// Registration to a session or to a whole series: validation, the open/closed/past rules, consent, seats and the
/// waitlist, the confirmation mail with its invite, the registrant's own cancellation and waitlist promotion.
/// </summary>
public sealed class RegistrationService(
    EventStore events,
    RegistrationStore registrations,
    EventMailLedger ledger,
    EventMails mails,
    MailQueue mailQueue,
    SubscriberStore subscribers,
    SubscriptionService subscriptions,
    LinkTokens tokens,
    IOptions<EventsOptions> options,
    TimeProvider clock,
    ILogger<RegistrationService> logger)
{
    private const int MaxAttempts = 8;

    public ValidationErrors Validate(RegistrationRequest request, string? organizerEmail = null)
    {
        var errors = new ValidationErrors();
        if (!EmailAddress.TryParse(request.Email, out var email)) errors.Add("email", "A valid e-mail address is required.");
        else if (organizerEmail is not null && string.Equals(email.Value, organizerEmail, StringComparison.OrdinalIgnoreCase))
            errors.Add("email", "This is the organizer's address; register with your own.");
        if (NameRules.Check(request.FirstName) is { } nameError) errors.Add("firstName", nameError);
        if (!request.Consent) errors.Add("consent", "Consent is required to register.");
        if (SourceRules.Check(request.Source) is { } sourceError) errors.Add("source", sourceError);
        return errors;
    }

    /// <summary>Why a session cannot take registrations right now, or null when it can.</summary>
    public RegistrationResult? Unavailability(EventSession session)
    {
        var now = clock.GetUtcNow();
        if (session.IsCancelled) return RegistrationResult.Cancelled;
        if (now >= session.EndUtc) return RegistrationResult.Past;
        if (now >= session.StartUtc) return RegistrationResult.Closed;
        return null;
    }

    public async Task<RegistrationOutcome> RegisterAsync(string sessionId, RegistrationRequest request, RequestOrigin origin, CancellationToken cancellationToken = default)
    {
        var session = await events.FindSessionAsync(sessionId, cancellationToken);
        if (session is null) return new RegistrationOutcome(RegistrationResult.NotFound, null);
        var errors = Validate(request, session.OrganizerEmail);
        if (!errors.IsValid) return new RegistrationOutcome(RegistrationResult.Invalid, session, errors);
        if (Unavailability(session) is { } closed) return new RegistrationOutcome(closed, session);

        if (!EmailAddress.TryParse(request.Email, out var email)) throw new InvalidOperationException("Validated e-mail did not parse.");
        if (await IgnoredAsync(request, email, cancellationToken)) return new RegistrationOutcome(RegistrationResult.Registered, session);

        var source = SourceOf(request, origin);
        var outcome = await EnrolAsync(session, email, request, source, seriesId: null, request.JoinWaitlist, cancellationToken);
        if (outcome.Result is RegistrationResult.Registered or RegistrationResult.Waitlisted)
            await RecordConsentAsync(email, source, $"event:{session.Id}", origin, cancellationToken);
        return outcome;
    }

    /// <summary>Registers to every session of the series still open; full sessions put the person on their waitlist.</summary>
    public async Task<SeriesRegistrationOutcome> RegisterForSeriesAsync(string seriesId, RegistrationRequest request, RequestOrigin origin, CancellationToken cancellationToken = default)
    {
        var series = await events.FindSeriesAsync(seriesId, cancellationToken);
        if (series is null) return new SeriesRegistrationOutcome(RegistrationResult.NotFound, null, []);
        var errors = Validate(request);
        if (!errors.IsValid) return new SeriesRegistrationOutcome(RegistrationResult.Invalid, series, [], errors);

        var sessions = await events.ListSessionsAsync(series.SessionIds, cancellationToken);
        var open = sessions.Where(s => Unavailability(s) is null).ToList();
        if (open.Count == 0) return new SeriesRegistrationOutcome(RegistrationResult.Past, series, []);
        var organizerErrors = open.Select(s => Validate(request, s.OrganizerEmail)).FirstOrDefault(e => !e.IsValid);
        if (organizerErrors is not null) return new SeriesRegistrationOutcome(RegistrationResult.Invalid, series, [], organizerErrors);

        if (!EmailAddress.TryParse(request.Email, out var email)) throw new InvalidOperationException("Validated e-mail did not parse.");
        if (await IgnoredAsync(request, email, cancellationToken)) return new SeriesRegistrationOutcome(RegistrationResult.Registered, series, []);

        var source = SourceOf(request, origin);
        var outcomes = new List<RegistrationOutcome>();
        foreach (var session in open)
            outcomes.Add(await EnrolAsync(session, email, request, source, series.Id, joinWaitlist: true, cancellationToken));
        await RecordConsentAsync(email, source, $"series:{series.Id}", origin, cancellationToken);
        if (request.FollowProgramme) await FollowProgrammeAsync(series, request, origin, cancellationToken);
        return new SeriesRegistrationOutcome(RegistrationResult.Registered, series, outcomes);
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

            var cancelled = registration with { Status = RegistrationStatus.Cancelled, CancelledAt = clock.GetUtcNow() };
            var saved = registration.HasSeat
                ? await registrations.TryFreeSeatAsync(cancelled, await registrations.ReadSeatsAsync(sessionId, cancellationToken), cancellationToken)
                : await registrations.TrySaveAsync(cancelled, cancellationToken);
            if (!saved) continue;

            logger.LogInformation("Registration to {SessionId} cancelled by the registrant", sessionId);
            if (!session.IsCancelled && clock.GetUtcNow() < session.EndUtc)
                await mailQueue.EnqueueAsync(await mails.RegistrationCancelledAsync(session, cancelled, registration.HasSeat, cancellationToken: cancellationToken), cancellationToken);
            if (registration.HasSeat) await PromoteFromWaitlistAsync(session, cancellationToken);
            return RegistrationCancelResult.Cancelled;
        }

        throw new InvalidOperationException($"The registration to {sessionId} kept changing under concurrent updates.");
    }

    /// <summary>Gives free seats to the waitlist, first come first served; each promoted person gets the confirmation with the invite.</summary>
    public async Task<int> PromoteFromWaitlistAsync(EventSession session, CancellationToken cancellationToken = default)
    {
        if (Unavailability(session) is not null) return 0;
        var promoted = 0;
        for (var attempt = 0; attempt < MaxAttempts * 4;)
        {
            var seats = await registrations.ReadSeatsAsync(session.Id, cancellationToken);
            if (session.Capacity is { } capacity && seats.Taken >= capacity) break;
            var next = (await registrations.ListWaitlistedAsync(session.Id, cancellationToken)).FirstOrDefault();
            if (next is null) break;

            var seated = next with { Status = RegistrationStatus.Registered, SeatSince = clock.GetUtcNow(), LastMailAt = clock.GetUtcNow() };
            if (!await registrations.TryTakeSeatAsync(seated, seats, cancellationToken))
            {
                attempt++;
                continue;
            }

            await ledger.TryClaimAsync(session.Id, LedgerKinds.Invite(session.Sequence), seated.ContactKey, cancellationToken);
            await mailQueue.EnqueueAsync(await mails.ConfirmationAsync(session, seated, promoted: true, cancellationToken: cancellationToken), cancellationToken);
            logger.LogInformation("Waitlisted registrant promoted to a seat of {SessionId}", session.Id);
            promoted++;
        }

        return promoted;
    }

    private async Task<RegistrationOutcome> EnrolAsync(
        EventSession session, EmailAddress email, RegistrationRequest request, string source, string? seriesId, bool joinWaitlist, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var now = clock.GetUtcNow();
            var existing = await registrations.FindAsync(session.Id, email.Key, cancellationToken);
            if (existing is { Status: RegistrationStatus.Registered or RegistrationStatus.Waitlisted })
                return await AlreadyEnrolledAsync(session, existing, cancellationToken);

            var registration = new Registration
            {
                SessionId = session.Id,
                ContactKey = email.Key,
                Email = email.Value,
                FirstName = NameRules.Clean(request.FirstName) ?? existing?.FirstName,
                Language = request.Language,
                Status = RegistrationStatus.Registered,
                RegisteredAt = now,
                SeatSince = now,
                LastMailAt = now,
                Source = source,
                SeriesId = seriesId,
                ETag = existing?.ETag ?? default,
            };

            var seats = await registrations.ReadSeatsAsync(session.Id, cancellationToken);
            if (session.Capacity is null || seats.Taken < session.Capacity)
            {
                if (!await registrations.TryTakeSeatAsync(registration, seats, cancellationToken)) continue;
                await ledger.TryClaimAsync(session.Id, LedgerKinds.Invite(session.Sequence), email.Key, cancellationToken);
                await registrations.IndexAsync(email.Key, session.Id, cancellationToken);
                await mailQueue.EnqueueAsync(await mails.ConfirmationAsync(session, registration, cancellationToken: cancellationToken), cancellationToken);
                return new RegistrationOutcome(RegistrationResult.Registered, session);
            }

            if (!session.Waitlist || !joinWaitlist) return new RegistrationOutcome(RegistrationResult.Full, session, WaitlistOffered: session.Waitlist);

            var waiting = registration with { Status = RegistrationStatus.Waitlisted, SeatSince = null, WaitlistedAt = now };
            if (!await registrations.TrySaveAsync(waiting, cancellationToken)) continue;
            await registrations.IndexAsync(email.Key, session.Id, cancellationToken);
            await mailQueue.EnqueueAsync(await mails.WaitlistedAsync(session, waiting, cancellationToken: cancellationToken), cancellationToken);
            return new RegistrationOutcome(RegistrationResult.Waitlisted, session);
        }

        throw new InvalidOperationException($"Registration to {session.Id} kept conflicting with concurrent registrations.");
    }

    /// <summary>Registering twice answers the same; the confirmation is sent again, at most once per resend interval.</summary>
    private async Task<RegistrationOutcome> AlreadyEnrolledAsync(EventSession session, Registration existing, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var result = existing.HasSeat ? RegistrationResult.Registered : RegistrationResult.Waitlisted;
        if (existing.LastMailAt is { } last && now - last < options.Value.ConfirmationResendInterval) return new RegistrationOutcome(result, session);
        if (!await registrations.TrySaveAsync(existing with { LastMailAt = now }, cancellationToken)) return new RegistrationOutcome(result, session);
        await mailQueue.EnqueueAsync(existing.HasSeat ? await mails.ConfirmationAsync(session, existing, cancellationToken: cancellationToken) : await mails.WaitlistedAsync(session, existing, cancellationToken), cancellationToken);
        return new RegistrationOutcome(result, session);
    }

    /// <summary>Bots (honeypot filled) and suppressed addresses get the same answer as everyone, and nothing happens.</summary>
    private async Task<bool> IgnoredAsync(RegistrationRequest request, EmailAddress email, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(request.Website))
        {
            logger.LogInformation("Registration with a filled honeypot ignored");
            return true;
        }

        if (await subscribers.IsSuppressedAsync(email.Key, cancellationToken))
        {
            logger.LogInformation("Registration of a suppressed address ignored");
            return true;
        }

        return false;
    }

    private Task RecordConsentAsync(EmailAddress email, string source, string scope, RequestOrigin origin, CancellationToken cancellationToken) =>
        subscribers.AppendConsentAsync(email.Key, new ConsentRecord
        {
            At = clock.GetUtcNow(),
            Action = "event-registration",
            Source = source,
            WordingVersion = EventConsentWording.Version,
            Audiences = [scope],
            IpPrefix = origin.IpPrefix,
        }, cancellationToken);

    /// <summary>Following the programme is a newsletter sign-up to the series' audience, with its own double opt-in.</summary>
    private async Task FollowProgrammeAsync(EventSeries series, RegistrationRequest request, RequestOrigin origin, CancellationToken cancellationToken)
    {
        var signup = new SignupRequest
        {
            Email = request.Email,
            FirstName = request.FirstName,
            Audiences = [series.ProgrammeAudienceId],
            Consent = true,
            Language = request.Language,
        };
        var errors = await subscriptions.ValidateAsync(signup, cancellationToken);
        if (!errors.IsValid)
        {
            logger.LogWarning("Programme audience {AudienceId} of series {SeriesId} is not open for sign-up", series.ProgrammeAudienceId, series.Id);
            return;
        }

        await subscriptions.AcceptAsync(signup, origin with { Channel = $"series:{series.Id}" }, cancellationToken);
    }

    private static string SourceOf(RegistrationRequest request, RequestOrigin origin) =>
        string.IsNullOrWhiteSpace(request.Source) ? origin.Channel : request.Source.Trim();
}
