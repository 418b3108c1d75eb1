using Microsoft.Extensions.Logging;

namespace Outreach.Core.Subscriptions;

/// <summary>
/// The limit on mails that carry a link to an address (confirmation, fresh preference link), counted on the contact's
/// profile, so a third party typing someone else's address cannot flood their mailbox.
/// </summary>
public sealed class LinkMailAllowance(ContactStore contacts, TimeProvider clock, ILogger<LinkMailAllowance> logger)
{
    /// <summary>At most this many confirmation mails per address in <see cref="ConfirmationWindow"/>…</summary>
    public const int ConfirmationMailsPerWindow = 3;

    public static readonly TimeSpan ConfirmationWindow = TimeSpan.FromHours(24);

    /// <summary>…and never two within this interval.</summary>
    public static readonly TimeSpan ConfirmationMinimumInterval = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Counts one more mail carrying a link to the address (confirmation, fresh preference link) when the limits allow it:
    /// at most <see cref="ConfirmationMailsPerWindow"/> per <see cref="ConfirmationWindow"/>, never two within
    /// <see cref="ConfirmationMinimumInterval"/>. Returns whether it may be sent.
    /// </summary>
    public async Task<bool> TryCountLinkMailAsync(Contact contact, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var now = clock.GetUtcNow();
            if (!MayReceiveConfirmation(contact, now))
            {
                logger.LogInformation("Link mail not sent: rate limit reached for this address");
                return false;
            }

            var inWindow = contact.ConfirmationWindowStart is { } start && now - start < ConfirmationWindow;
            var counted = contact with
            {
                LastConfirmationMailAt = now,
                ConfirmationWindowStart = inWindow ? contact.ConfirmationWindowStart : now,
                ConfirmationMailsInWindow = inWindow ? contact.ConfirmationMailsInWindow + 1 : 1,
            };
            if (await contacts.TrySaveContactAsync(counted, cancellationToken)) return true;

            // Another request for the same address updated the profile first: read it again and re-decide.
            contact = await contacts.FindContactAsync(contact.ContactKey, cancellationToken) ?? contact;
        }

        return false;
    }

    public static bool MayReceiveConfirmation(Contact contact, DateTimeOffset now)
    {
        if (contact.LastConfirmationMailAt is { } last && now - last < ConfirmationMinimumInterval) return false;
        var inWindow = contact.ConfirmationWindowStart is { } start && now - start < ConfirmationWindow;
        return !inWindow || contact.ConfirmationMailsInWindow < ConfirmationMailsPerWindow;
    }
}
