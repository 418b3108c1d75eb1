using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Outreach.Core.Events.Sessions;
using Outreach.Core.Subscriptions;

namespace Outreach.Core.Events.Registrations;

/// <summary>
/// Seats and the waitlist of a session: a seat while there is one (taken against the seat count's ETag, so two
/// registrations never take the last seat twice), else a waitlist place when the session and the person accept it;
/// a freed seat goes to the waitlist, first come first served. In a session with limited seats an anonymous request only
/// <see cref="HoldAsync">asks</see> for a place: it is taken when the person confirms from their mailbox.
/// </summary>
public sealed class Enrolment(RegistrationStore registrations, RegistrationMailer mailer, IOptions<EventsOptions> options, TimeProvider clock, ILogger<Enrolment> logger)
{
    private const int MaxAttempts = 8;

    /// <summary>Whether a request for a place would be refused because the session is full (the same for every address).</summary>
    public async Task<bool> IsFullForAsync(EventSession session, bool joinWaitlist, CancellationToken cancellationToken)
    {
        if (session.Capacity is not { } capacity || (session.Waitlist && joinWaitlist)) return false;
        return (await registrations.ReadSeatsAsync(session.Id, cancellationToken)).Taken >= capacity;
    }

    /// <summary>
    /// A request for a place in a session with limited seats: a pending registration holding nothing, and the mail whose
    /// button takes the place. Asking again resends what the address already has (at most once per resend interval).
    /// </summary>
    public async Task<RegistrationOutcome> HoldAsync(EventSession session, EmailAddress email, RegistrationRequest request, string source, string? seriesId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var existing = await registrations.FindAsync(session.Id, email.Key, cancellationToken);
            if (existing is { Status: RegistrationStatus.Registered or RegistrationStatus.Waitlisted or RegistrationStatus.Pending })
            {
                await AlreadyEnrolledAsync(session, existing, cancellationToken);
                return new RegistrationOutcome(RegistrationResult.AwaitingConfirmation, session);
            }

            // A request holds no seat, and takes its name from this request only.
            var pending = NewRegistration(session, email, request, source, seriesId, existing, clock.GetUtcNow()) with
            {
                Status = RegistrationStatus.Pending,
                SeatSince = null,
                FirstName = NameRules.Clean(request.FirstName),
            };
            if (!await registrations.TrySaveAsync(pending, cancellationToken)) continue;
            await registrations.IndexAsync(email.Key, session.Id, cancellationToken);
            await mailer.SendSeatConfirmationAsync(session, pending, cancellationToken);
            return new RegistrationOutcome(RegistrationResult.AwaitingConfirmation, session);
        }

        throw new InvalidOperationException($"Registration to {session.Id} kept conflicting with concurrent registrations.");
    }

    /// <summary>The person confirmed from their mailbox: their pending request takes a seat, or a waitlist place when the seats went meanwhile.</summary>
    public async Task<RegistrationOutcome> ConfirmAsync(EventSession session, Registration pending, CancellationToken cancellationToken)
    {
        if (!EmailAddress.TryParse(pending.Email, out var email)) throw new InvalidOperationException("A stored registration has an address that does not parse.");
        var request = new RegistrationRequest { Email = pending.Email, FirstName = pending.FirstName, Language = pending.Language, Answers = pending.Answers };
        return await EnrolAsync(session, email, request, pending.Source ?? "event-form", pending.SeriesId, joinWaitlist: true, MailCause.Proven, cancellationToken);
    }

    public async Task<RegistrationOutcome> EnrolAsync(
        EventSession session, EmailAddress email, RegistrationRequest request, string source, string? seriesId, bool joinWaitlist, MailCause cause, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var now = clock.GetUtcNow();
            var existing = await registrations.FindAsync(session.Id, email.Key, cancellationToken);
            if (existing is { Status: RegistrationStatus.Registered or RegistrationStatus.Waitlisted })
                return await AlreadyEnrolledAsync(session, existing, cancellationToken);

            var registration = NewRegistration(session, email, request, source, seriesId, existing, now);

            var seats = await registrations.ReadSeatsAsync(session.Id, cancellationToken);
            if (session.Capacity is null || seats.Taken < session.Capacity)
            {
                if (!await registrations.TryTakeSeatAsync(registration, seats, cancellationToken)) continue;
                await registrations.IndexAsync(email.Key, session.Id, cancellationToken);
                await mailer.SendInviteAsync(session, registration, cause, cancellationToken: cancellationToken);
                return new RegistrationOutcome(RegistrationResult.Registered, session);
            }

            if (!session.Waitlist || !joinWaitlist) return new RegistrationOutcome(RegistrationResult.Full, session, WaitlistOffered: session.Waitlist);

            var waiting = registration with { Status = RegistrationStatus.Waitlisted, SeatSince = null, WaitlistedAt = now };
            if (!await registrations.TrySaveAsync(waiting, cancellationToken)) continue;
            await registrations.IndexAsync(email.Key, session.Id, cancellationToken);
            await mailer.SendWaitlistedAsync(session, waiting, cause, cancellationToken);
            return new RegistrationOutcome(RegistrationResult.Waitlisted, session);
        }

        throw new InvalidOperationException($"Registration to {session.Id} kept conflicting with concurrent registrations.");
    }

    /// <summary>A seat taken now by <paramref name="email"/>, replacing <paramref name="existing"/> (its ETag, and its name when the request has none).</summary>
    private static Registration NewRegistration(
        EventSession session, EmailAddress email, RegistrationRequest request, string source, string? seriesId, Registration? existing, DateTimeOffset now) => new()
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
        Answers = request.Answers ?? new Dictionary<string, IReadOnlyList<string>>(),
        ETag = existing?.ETag ?? default,
    };

    /// <summary>
    /// Cancels a registration read earlier: its seat is freed and offered to the waitlist, and the registrant gets the
    /// cancellation (withdrawing their calendar copy) while the session is still to come. False when the registration
    /// changed meanwhile: read it again.
    /// </summary>
    public async Task<bool> TryCancelAsync(EventSession session, Registration registration, CancellationToken cancellationToken = default)
    {
        var cancelled = registration with { Status = RegistrationStatus.Cancelled, CancelledAt = clock.GetUtcNow() };
        var saved = registration.HasSeat
            ? await registrations.TryFreeSeatAsync(cancelled, await registrations.ReadSeatsAsync(session.Id, cancellationToken), cancellationToken)
            : await registrations.TrySaveAsync(cancelled, cancellationToken);
        if (!saved) return false;

        logger.LogInformation("Registration to {SessionId} cancelled by the registrant", session.Id);
        if (!session.IsCancelled && clock.GetUtcNow() < session.EndUtc)
            await mailer.SendCancelledAsync(session, cancelled, registration.HasSeat, cancellationToken);
        if (registration.HasSeat) await PromoteFromWaitlistAsync(session, cancellationToken);
        return true;
    }

    /// <summary>Gives free seats to the waitlist, first come first served; each promoted person gets the confirmation with the invite.</summary>
    public async Task<int> PromoteFromWaitlistAsync(EventSession session, CancellationToken cancellationToken = default)
    {
        if (RegistrationRules.Unavailability(session, clock.GetUtcNow()) is not null) return 0;
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

            await mailer.SendInviteAsync(session, seated, MailCause.Proven, promoted: true, cancellationToken);
            logger.LogInformation("Waitlisted registrant promoted to a seat of {SessionId}", session.Id);
            promoted++;
        }

        return promoted;
    }

    /// <summary>Registering twice answers the same; the confirmation is sent again, at most once per resend interval.</summary>
    private async Task<RegistrationOutcome> AlreadyEnrolledAsync(EventSession session, Registration existing, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var result = existing.Status switch
        {
            RegistrationStatus.Registered => RegistrationResult.Registered,
            RegistrationStatus.Pending => RegistrationResult.AwaitingConfirmation,
            _ => RegistrationResult.Waitlisted,
        };
        if (existing.LastMailAt is { } last && now - last < options.Value.ConfirmationResendInterval) return new RegistrationOutcome(result, session);
        if (!await registrations.TrySaveAsync(existing with { LastMailAt = now }, cancellationToken)) return new RegistrationOutcome(result, session);
        await mailer.ResendAsync(session, existing, cancellationToken);
        return new RegistrationOutcome(result, session);
    }
}
