using Outreach.Core.Subscriptions;

namespace Outreach.Core.Campaigns.Pipeline;

/// <summary>A batch's recipients sorted at send time: who may still be mailed, who may not any more.</summary>
public sealed record RecheckedBatch(IReadOnlyList<PlannedRecipient> Mailable, int Suppressed, IReadOnlyList<PlannedRecipient> Invalid);

/// <summary>
/// Re-checks a planned batch right before it leaves: an address suppressed since planning (bounce, complaint, erasure)
/// or no longer confirmed in the audience it was planned through (unsubscribed) gets nothing. A batch is a contiguous
/// range of contact keys, so this is two range queries per batch, never one look-up per recipient.
/// </summary>
public sealed class RecipientRecheck(SuppressionStore suppressions, MembershipStore memberships)
{
    public async Task<RecheckedBatch> RecheckAsync(Campaign campaign, BatchManifest manifest, CancellationToken cancellationToken = default)
    {
        if (manifest.Recipients.Count == 0) return new RecheckedBatch([], 0, []); // its only recipient was erased
        var audiences = manifest.Recipients.Select(r => campaign.Audiences[r.AudienceIndex]).Distinct(StringComparer.Ordinal).ToList();
        var suppressedTask = suppressions.FindSuppressedInRangeAsync(manifest.FirstKey, manifest.LastKey, cancellationToken);
        var leftTask = memberships.FindUnconfirmedInRangeAsync(audiences, manifest.FirstKey, manifest.LastKey, cancellationToken);
        var suppressed = await suppressedTask;
        var left = await leftTask;

        var mailable = new List<PlannedRecipient>(manifest.Recipients.Count);
        var invalid = new List<PlannedRecipient>();
        var skipped = 0;
        foreach (var recipient in manifest.Recipients)
        {
            if (suppressed.Contains(recipient.ContactKey) || left.Contains((campaign.Audiences[recipient.AudienceIndex], recipient.ContactKey))) skipped++;
            else if (!EmailAddress.TryParse(recipient.Email, out _)) invalid.Add(recipient);
            else mailable.Add(recipient);
        }

        return new RecheckedBatch(mailable, skipped, invalid);
    }
}
