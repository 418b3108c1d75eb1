using Outreach.Core.Events.Mails;
using Outreach.Core.Events.Sessions;
using Outreach.Core.Mail;

namespace Outreach.Core.Events.Registrations;

/// <summary>
/// The mails a registration sends, queued: the confirmation with its invite (recorded in the ledger, so the fan-out of a
/// later update knows which version the registrant holds), the waitlist notice, the cancellation.
/// </summary>
public sealed class RegistrationMailer(EventMailLedger ledger, EventMails mails, MailQueue queue)
{
    public async Task SendInviteAsync(EventSession session, Registration registration, bool promoted = false, CancellationToken cancellationToken = default)
    {
        await ledger.TryClaimAsync(session.Id, LedgerKinds.Invite(session.Sequence), registration.ContactKey, cancellationToken);
        await queue.EnqueueAsync(await mails.ConfirmationAsync(session, registration, promoted, cancellationToken), cancellationToken);
    }

    public async Task SendWaitlistedAsync(EventSession session, Registration registration, CancellationToken cancellationToken = default) =>
        await queue.EnqueueAsync(await mails.WaitlistedAsync(session, registration, cancellationToken), cancellationToken);

    /// <summary>Sends again what the registrant already holds: the confirmation, or the waitlist notice.</summary>
    public async Task ResendAsync(EventSession session, Registration registration, CancellationToken cancellationToken = default) =>
        await queue.EnqueueAsync(registration.HasSeat
            ? await mails.ConfirmationAsync(session, registration, cancellationToken: cancellationToken)
            : await mails.WaitlistedAsync(session, registration, cancellationToken), cancellationToken);

    public async Task SendCancelledAsync(EventSession session, Registration cancelled, bool hadSeat, CancellationToken cancellationToken = default) =>
        await queue.EnqueueAsync(await mails.RegistrationCancelledAsync(session, cancelled, hadSeat, cancellationToken), cancellationToken);
}
