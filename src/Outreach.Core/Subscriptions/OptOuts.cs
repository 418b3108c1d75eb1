using Outreach.Core.Common.Validation;

namespace Outreach.Core.Subscriptions;

/// <summary>Leaving lists, with the opt-out recorded: from mail links, the preference centre and SendGrid's unsubscribe groups.</summary>
public sealed class OptOuts(MembershipStore memberships, ConsentStore consents, SuppressionStore suppressions, TimeProvider clock)
{
    /// <summary>Unsubscribes an address from the given audiences and records the opt-out; used by links, the preference centre and webhooks.</summary>
    public async Task LeaveAsync(string contactKey, IReadOnlyList<string> audienceIds, RequestOrigin origin, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var left = new List<string>();
        foreach (var member in await memberships.FindMembershipsAsync(contactKey, audienceIds, cancellationToken))
        {
            if (member.Status == MemberStatus.Unsubscribed && member.RejoinRequestedAt is null) continue;
            await memberships.SaveMemberAsync(member with { Status = MemberStatus.Unsubscribed, UnsubscribedAt = now, RejoinRequestedAt = null, ETag = default }, cancellationToken);
            left.Add(member.AudienceId);
        }

        if (left.Count == 0) return;
        await consents.AppendConsentAsync(contactKey, new ConsentRecord
        {
            At = now, Action = ConsentActions.Unsubscribe, Source = origin.Channel, WordingVersion = ConsentWording.Version, Audiences = left, IpPrefix = origin.IpPrefix,
        }, cancellationToken);
    }

    /// <summary>
    /// Undoes an unsubscribe made through <paramref name="origin"/>'s channel (a SendGrid unsubscribe group the person
    /// left and came back to on SendGrid's own page): only when that channel's unsubscribe is the audience's latest
    /// consent change and the address is not suppressed. An unsubscribe made any other way stays.
    /// </summary>
    public async Task UndoChannelUnsubscribeAsync(string contactKey, string audienceId, RequestOrigin origin, CancellationToken cancellationToken = default)
    {
        var member = (await memberships.FindMembershipsAsync(contactKey, [audienceId], cancellationToken)).FirstOrDefault();
        if (member is not { Status: MemberStatus.Unsubscribed, ConfirmedAt: not null } || await suppressions.IsSuppressedAsync(contactKey, cancellationToken)) return;
        var latest = (await consents.ListConsentsAsync(contactKey, cancellationToken)).Where(c => c.Audiences.Contains(audienceId)).MaxBy(c => c.At);
        if (latest is not { Action: ConsentActions.Unsubscribe } || latest.Source != origin.Channel) return;

        await memberships.SaveMemberAsync(member with { Status = MemberStatus.Confirmed, UnsubscribedAt = null, RejoinRequestedAt = null, ETag = default }, cancellationToken);
        await consents.AppendConsentAsync(contactKey, new ConsentRecord
        {
            At = clock.GetUtcNow(), Action = ConsentActions.Resubscribe, Source = origin.Channel, WordingVersion = ConsentWording.Version, Audiences = [audienceId],
        }, cancellationToken);
    }
}
