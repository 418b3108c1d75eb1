using Microsoft.Extensions.Logging;
using Outreach.Core.Accounts;

namespace Outreach.Core.Subscriptions;

/// <summary>
/// The one-off step that moves what was kept under the unpeppered contact key (SHA-256 of the address) to the peppered
/// key (<see cref="SuppressionKeys"/>): every suppression gets its kept row (an erased address loses the old one), and
/// audit entries naming a subscriber are re-keyed. Runs at start-up and nightly; once done it finds nothing to do.
/// </summary>
public sealed class PrivacyKeyMigration(SuppressionStore suppressions, AuditLog audit, ILogger<PrivacyKeyMigration> logger)
{
    public async Task<(int Suppressions, int AuditEntries)> RunAsync(CancellationToken cancellationToken = default)
    {
        var rekeyed = await suppressions.RekeyLegacySuppressionsAsync(cancellationToken);
        var entries = await audit.RekeyLegacySubjectsAsync(cancellationToken);
        if (rekeyed + entries > 0)
            logger.LogInformation("Privacy keys: {Suppressions} suppression(s) and {Entries} audit entr(y/ies) re-keyed with the pepper", rekeyed, entries);
        return (rekeyed, entries);
    }
}
