using Outreach.Core.Audiences;

namespace Outreach.Core.Subscriptions;

public sealed record SubscriberRecord(
    string Email,
    Contact? Profile,
    IReadOnlyList<Member> Memberships,
    IReadOnlyList<ConsentRecord> Consents,
    string? SuppressionReason);

/// <summary>GDPR: everything held about one address (access) and its erasure, which leaves only a hashed suppression entry.</summary>
public sealed class SubscriberPrivacy(MembershipStore memberships, ContactStore contacts, ConsentStore consents, SuppressionStore suppressions, AudienceStore audiences, TimeProvider clock)
{
    /// <summary>Null when nothing at all is held about the address.</summary>
    public async Task<SubscriberRecord?> ExportAsync(EmailAddress email, CancellationToken cancellationToken = default)
    {
        var all = await audiences.ListAsync(cancellationToken);
        var profile = await contacts.FindContactAsync(email.Key, cancellationToken);
        var lists = await memberships.FindMembershipsAsync(email.Key, all.Select(a => a.Id), cancellationToken);
        var records = await consents.ListConsentsAsync(email.Key, cancellationToken);
        var suppression = await suppressions.FindSuppressionAsync(email.Key, cancellationToken);
        if (profile is null && lists.Count == 0 && records.Count == 0 && suppression is null) return null;
        return new SubscriberRecord(email.Value, profile, lists, records, suppression?.Reason);
    }

    /// <summary>
    /// Suppresses the address (kept under its peppered key, so no sign-up or import brings it back), deletes memberships,
    /// runs <paramref name="elsewhere"/> (what other capabilities hold), then deletes profile, consents and the live suppression.
    /// </summary>
    public async Task EraseAsync(EmailAddress email, Func<Task>? elsewhere = null, CancellationToken cancellationToken = default)
    {
        // Suppress first: if erasure is interrupted, the address is already protected from being mailed or re-added.
        await suppressions.SuppressAsync(email.Key, SuppressionStore.ErasedReason, clock.GetUtcNow(), cancellationToken);
        var all = await audiences.ListAsync(cancellationToken);
        // Memberships before the delivery ledgers: no campaign planned from now on lists the person.
        foreach (var member in await memberships.FindMembershipsAsync(email.Key, all.Select(a => a.Id), cancellationToken))
            await memberships.DeleteMemberAsync(member.AudienceId, member.ContactKey, cancellationToken);
        if (elsewhere is not null) await elsewhere();
        await contacts.DeleteContactAsync(email.Key, cancellationToken);
        await consents.DeleteConsentsAsync(email.Key, cancellationToken);
        // Last: until now campaign batches found the address suppressed by range; from now on only the peppered row stays.
        await suppressions.DeleteLiveSuppressionAsync(email.Key, cancellationToken);
    }

    /// <summary>Lifts a suppression (bounce, complaint, erasure): the address may sign up or be imported again. False when none.</summary>
    public Task<bool> LiftSuppressionAsync(EmailAddress email, CancellationToken cancellationToken = default) =>
        suppressions.LiftSuppressionAsync(email.Key, cancellationToken);

    /// <summary>Suppresses an address everywhere (bounce, complaint…) without erasing its history.</summary>
    public async Task SuppressAsync(EmailAddress email, string reason, CancellationToken cancellationToken = default)
    {
        await suppressions.SuppressAsync(email.Key, reason, clock.GetUtcNow(), cancellationToken);
    }
}
