using Outreach.Core.Events.Mails;
using Outreach.Core.Events.Sessions;

namespace Outreach.Core.Events.Registrations;

/// <summary>GDPR for registrations: what is held about an address (access) and its erasure (seats are freed first).</summary>
public sealed class RegistrationPrivacy(RegistrationStore registrations, EventStore events, EventMailLedger ledger, RegistrationAllowance allowance, TimeProvider clock)
{
    /// <summary>
    /// The sessions the address registered to, how many mails to it the sessions' ledgers record, and its
    /// registration-mail counters.
    /// </summary>
    public async Task<(int Sessions, int LedgerRows, int AllowanceRows)> CountAsync(string contactKey, CancellationToken cancellationToken = default)
    {
        var sessions = await registrations.ListSessionIdsAsync(contactKey, cancellationToken);
        var rows = 0;
        foreach (var sessionId in sessions) rows += (await ledger.RowsOfAsync(sessionId, contactKey, cancellationToken)).Count;
        return (sessions.Count, rows, await allowance.CountAsync(contactKey, cancellationToken));
    }

    public async Task<IReadOnlyList<Registration>> ExportAsync(string contactKey, CancellationToken cancellationToken = default)
    {
        var found = new List<Registration>();
        foreach (var sessionId in await registrations.ListSessionIdsAsync(contactKey, cancellationToken))
            if (await registrations.FindAsync(sessionId, contactKey, cancellationToken) is { } registration) found.Add(registration);
        return found;
    }

    /// <summary>
    /// Deletes every registration of the address and the session ledgers' record of mails to it; a seat held for a
    /// session to come is given back first.
    /// </summary>
    public async Task EraseAsync(string contactKey, CancellationToken cancellationToken = default)
    {
        foreach (var sessionId in await registrations.ListSessionIdsAsync(contactKey, cancellationToken))
        {
            for (var attempt = 0; attempt < 8; attempt++)
            {
                var registration = await registrations.FindAsync(sessionId, contactKey, cancellationToken);
                if (registration is null || !registration.HasSeat || !await IsUpcomingAsync(sessionId, cancellationToken)) break;
                var freed = registration with { Status = RegistrationStatus.Cancelled, CancelledAt = clock.GetUtcNow() };
                if (await registrations.TryFreeSeatAsync(freed, await registrations.ReadSeatsAsync(sessionId, cancellationToken), cancellationToken)) break;
            }

            await ledger.ForgetAsync(sessionId, contactKey, cancellationToken);
            await registrations.DeleteAsync(sessionId, contactKey, cancellationToken);
        }

        await registrations.DeleteIndexAsync(contactKey, cancellationToken);
        await allowance.ForgetAsync(contactKey, cancellationToken);
    }

    private async Task<bool> IsUpcomingAsync(string sessionId, CancellationToken cancellationToken) =>
        await events.FindSessionAsync(sessionId, cancellationToken) is { } session && clock.GetUtcNow() < session.EndUtc;
}
