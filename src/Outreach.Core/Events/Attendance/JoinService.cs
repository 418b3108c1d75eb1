using Outreach.Core.Common.Links;
using Outreach.Core.Events.Registrations;
using Outreach.Core.Events.Sessions;

namespace Outreach.Core.Events.Attendance;

public enum JoinOutcome
{
    /// <summary>To the session's current video link.</summary>
    Redirect,

    /// <summary>The session has no video link yet: a page says so, nothing is redirected.</summary>
    NoVideoLinkYet,

    /// <summary>Not one of our join tokens: altered, cut, or signed for another purpose.</summary>
    InvalidLink,

    /// <summary>Ours, but past its expiry.</summary>
    Expired,

    /// <summary>No such session, or no registration of this person to it.</summary>
    NotRegistered,

    /// <summary>The person is on the waitlist or waits to confirm their place: no seat, no video link.</summary>
    NoSeat,

    /// <summary>The person cancelled their registration.</summary>
    RegistrationCancelled,

    SessionCancelled,
}

/// <summary>What a click on a join link gets: where to go, or why not (with the session when known, for the page).</summary>
public sealed record JoinResult(JoinOutcome Outcome, EventSession? Session = null, string? VideoUrl = null, TokenCheck Check = TokenCheck.Valid);

/// <summary>
/// The personal join link (<c>/api/join/{token}</c>) every invite, update and reminder carries instead of the video
/// link: it redirects to the session's current video link, so the team changes the link without re-inviting anyone,
/// and its first click inside the <see cref="AttendanceWindow"/> records the person's attendance.
/// </summary>
public sealed class JoinService(LinkTokens tokens, EventStore events, RegistrationStore registrations, TimeProvider clock)
{
    private const int MaxAttempts = 5;

    /// <summary>Checks a join token and, when <paramref name="recordAttendance"/> (a GET, not a HEAD), records the attendance it proves.</summary>
    public async Task<JoinResult> JoinAsync(string? token, bool recordAttendance, CancellationToken cancellationToken = default)
    {
        var check = tokens.Verify(token, TokenPurpose.Join, out var verified);
        if (check == TokenCheck.Expired) return new JoinResult(JoinOutcome.Expired, Check: check);
        if (check != TokenCheck.Valid) return new JoinResult(JoinOutcome.InvalidLink, Check: check);

        var session = await events.FindSessionAsync(verified!.Scope, cancellationToken);
        var registration = session is null ? null : await registrations.FindAsync(session.Id, verified.ContactKey, cancellationToken);
        if (session is null || registration is null) return new JoinResult(JoinOutcome.NotRegistered);
        if (session.IsCancelled) return new JoinResult(JoinOutcome.SessionCancelled, session);
        if (registration.Status == RegistrationStatus.Cancelled) return new JoinResult(JoinOutcome.RegistrationCancelled, session);
        if (!registration.HasSeat) return new JoinResult(JoinOutcome.NoSeat, session);
        if (string.IsNullOrWhiteSpace(session.JoinUrl)) return new JoinResult(JoinOutcome.NoVideoLinkYet, session);

        if (recordAttendance && AttendanceWindow.IsOpen(session, clock.GetUtcNow())) await RecordAttendanceAsync(registration, cancellationToken);
        return new JoinResult(JoinOutcome.Redirect, session, session.JoinUrl.Trim());
    }

    /// <summary>Marks the registration attended, once (the first click's time is kept); a concurrent change is read again.</summary>
    private async Task RecordAttendanceAsync(Registration clicked, CancellationToken cancellationToken)
    {
        Registration? registration = clicked;
        for (var attempt = 0; attempt < MaxAttempts && registration is { Attended: not true, HasSeat: true }; attempt++)
        {
            if (await registrations.TrySaveAsync(registration with { Attended = true, JoinedAt = clock.GetUtcNow() }, cancellationToken)) return;
            registration = await registrations.FindAsync(clicked.SessionId, clicked.ContactKey, cancellationToken);
        }
    }
}
