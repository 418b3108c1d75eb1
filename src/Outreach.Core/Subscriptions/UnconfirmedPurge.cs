using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Outreach.Core.Audiences;
using Outreach.Core.Common.Configuration;

namespace Outreach.Core.Subscriptions;

/// <summary>
/// Deletes sign-ups never confirmed after <see cref="OutreachOptions.UnconfirmedRetentionDays"/>, and the profile of an
/// address left with nothing; the proofs of its opt-outs stay (they show why the address must not be mailed).
/// </summary>
public sealed class UnconfirmedPurge(MembershipStore memberships, ContactStore contacts, ConsentStore consents, AudienceStore audiences, IOptions<OutreachOptions> options, TimeProvider clock, ILogger<UnconfirmedPurge> logger)
{
    public async Task<int> PurgeAsync(CancellationToken cancellationToken = default)
    {
        var cutoff = clock.GetUtcNow() - TimeSpan.FromDays(options.Value.UnconfirmedRetentionDays);
        var purged = 0;
        var touched = new HashSet<string>();
        await foreach (var member in memberships.FindPendingOlderThanAsync(cutoff, cancellationToken))
        {
            await memberships.DeleteMemberAsync(member.AudienceId, member.ContactKey, cancellationToken);
            touched.Add(member.ContactKey);
            purged++;
        }

        var all = (await audiences.ListAsync(cancellationToken)).Select(a => a.Id).ToList();
        foreach (var contactKey in touched)
        {
            if ((await memberships.FindMembershipsAsync(contactKey, all, cancellationToken)).Count == 0)
                {
                await contacts.DeleteContactAsync(contactKey, cancellationToken);
                await consents.DeleteConsentsKeepingOptOutsAsync(contactKey, cancellationToken);
            }
        }

        logger.LogInformation("Purged {Count} unconfirmed sign-ups older than {Cutoff:u}", purged, cutoff);
        return purged;
    }
}
