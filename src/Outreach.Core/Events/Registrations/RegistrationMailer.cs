using Microsoft.Extensions.Logging;
using Outreach.Core.Events.Mails;
using Outreach.Core.Events.Sessions;
using Outreach.Core.Mail;

namespace Outreach.Core.Events.Registrations;

/// <summary>Who caused a registration mail: an anonymous request (counted against the address's hourly allowance) or the person themself / the system.</summary>
public enum MailCause
{
    AnonymousRequest,
    Proven,
}

/// <summary>
/// The mails a registration sends, queued: the confirmation with its invite (recorded in the ledger, so the fan-out of a
/// later update knows which version the registrant holds), the confirm-your-place link, the waitlist notice, the
/// cancellation. A mail caused by an anonymous request is sent only while the address has allowance left this hour.
/// </summary>
public sealed class RegistrationMailer(EventMailLedger ledger, EventMails mails, MailQueue queue, RegistrationAllowance allowance, ILogger<RegistrationMailer> logger)
{
    public async Task SendInviteAsync(EventSession session, Registration registration, MailCause cause, bool promoted = false, CancellationToken cancellationToken = default)
    {
        await ledger.TryClaimAsync(session.Id, LedgerKinds.Invite(session.Sequence), registration.ContactKey, cancellationToken);
        await SendAsync(registration, cause, () => mails.ConfirmationAsync(session, registration, promoted, cancellationToken), cancellationToken);
    }

    public Task SendSeatConfirmationAsync(EventSession session, Registration pending, CancellationToken cancellationToken = default) =>
        SendAsync(pending, MailCause.AnonymousRequest, () => mails.SeatConfirmationAsync(session, pending, cancellationToken), cancellationToken);

    public Task SendWaitlistedAsync(EventSession session, Registration registration, MailCause cause, CancellationToken cancellationToken = default) =>
        SendAsync(registration, cause, () => mails.WaitlistedAsync(session, registration, cancellationToken), cancellationToken);

    /// <summary>Sends again what the registrant already holds: the confirmation, the waitlist notice, or the confirm-your-place link.</summary>
    public Task ResendAsync(EventSession session, Registration registration, CancellationToken cancellationToken = default) =>
        SendAsync(registration, MailCause.AnonymousRequest, () => registration.Status switch
        {
            RegistrationStatus.Registered => mails.ConfirmationAsync(session, registration, cancellationToken: cancellationToken),
            RegistrationStatus.Pending => mails.SeatConfirmationAsync(session, registration, cancellationToken),
            _ => mails.WaitlistedAsync(session, registration, cancellationToken),
        }, cancellationToken);

    public async Task SendCancelledAsync(EventSession session, Registration cancelled, bool hadSeat, CancellationToken cancellationToken = default) =>
        await queue.EnqueueAsync(await mails.RegistrationCancelledAsync(session, cancelled, hadSeat, cancellationToken), cancellationToken);

    private async Task SendAsync(Registration registration, MailCause cause, Func<Task<MailMessage>> compose, CancellationToken cancellationToken)
    {
        if (cause == MailCause.AnonymousRequest && !await allowance.TryTakeMailAsync(registration.ContactKey, cancellationToken))
        {
            logger.LogWarning("Registration mail to {SessionId} not sent: the address has had its registration mails for this hour", registration.SessionId);
            return;
        }

        await queue.EnqueueAsync(await compose(), cancellationToken);
    }
}
