using Microsoft.Extensions.Logging;
using Outreach.Core.Subscriptions;

namespace Outreach.Core.Audiences;

/// <summary>What one reconciliation found for one audience.</summary>
public sealed record CountCheck(string AudienceId, AudienceCounts Counted, AudienceCounts Recounted, bool Repaired, bool ChangedDuringRecount)
{
    public bool Drifted => Counted != Recounted;
}

/// <summary>
/// Recounts every audience from its memberships and repairs counters that drifted (rows written by a path that
/// bypassed <see cref="MembershipStore"/>, data from before counters existed). A recount is trusted only when no
/// counted write landed while it ran (the shards' versions are the same before and after); otherwise the audience is
/// left for the next run. The repair is added as a delta, so writes after the recount stay counted.
/// </summary>
public sealed class AudienceCountReconciliation(AudienceStore audiences, MembershipStore members, AudienceCounters counters, ILogger<AudienceCountReconciliation> logger)
{
    public async Task<IReadOnlyList<CountCheck>> ReconcileAsync(CancellationToken cancellationToken = default)
    {
        var checks = new List<CountCheck>();
        foreach (var audience in await audiences.ListAsync(cancellationToken))
            checks.Add(await ReconcileAsync(audience.Id, cancellationToken));
        return checks;
    }

    public async Task<CountCheck> ReconcileAsync(string audienceId, CancellationToken cancellationToken = default)
    {
        var before = await counters.SnapshotAsync(audienceId, cancellationToken);
        var recounted = await members.RecountMembersAsync(audienceId, cancellationToken);
        var after = await counters.SnapshotAsync(audienceId, cancellationToken);
        if (!before.SameVersionsAs(after))
        {
            logger.LogInformation("Audience {AudienceId}: counts changed during the recount; checked again at the next run", audienceId);
            return new CountCheck(audienceId, after.Totals, recounted, Repaired: false, ChangedDuringRecount: true);
        }

        var check = new CountCheck(audienceId, after.Totals, recounted, Repaired: false, ChangedDuringRecount: false);
        if (!check.Drifted) return check;

        await counters.AddAsync(audienceId, new AudienceCounts(
            recounted.Pending - after.Totals.Pending, recounted.Confirmed - after.Totals.Confirmed, recounted.Unsubscribed - after.Totals.Unsubscribed), cancellationToken);
        logger.LogWarning(
            "Audience {AudienceId}: counts drifted and were repaired: pending {CountedPending} → {Pending}, confirmed {CountedConfirmed} → {Confirmed}, unsubscribed {CountedUnsubscribed} → {Unsubscribed}",
            audienceId, after.Totals.Pending, recounted.Pending, after.Totals.Confirmed, recounted.Confirmed, after.Totals.Unsubscribed, recounted.Unsubscribed);
        return check with { Repaired = true };
    }
}
