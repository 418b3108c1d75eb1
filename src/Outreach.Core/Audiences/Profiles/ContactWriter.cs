using Outreach.Core.Subscriptions;

namespace Outreach.Core.Audiences.Profiles;

/// <summary>
/// Writes edited profiles where they live: the contact row (conditionally, on the version read) and a copy of its
/// first name and details on each of its membership rows, which segments filter and campaigns page.
/// </summary>
public sealed class ContactWriter(ContactStore contacts, MembershipStore memberships, AudienceStore audiences)
{
    /// <summary>Saves one contact read earlier; false (nothing written) when someone changed it since.</summary>
    public async Task<bool> TrySaveAsync(Contact contact, CancellationToken cancellationToken = default)
    {
        if (!await contacts.TrySaveContactAsync(contact, cancellationToken)) return false;
        var all = await audiences.ListAsync(cancellationToken);
        foreach (var member in await memberships.FindMembershipsAsync(contact.ContactKey, all.Select(a => a.Id), cancellationToken))
            await memberships.CopyDetailsAsync(member.AudienceId, [contact], cancellationToken);
        return true;
    }

    /// <summary>
    /// Saves contacts read in one range (sorted by contact key, at most 100): each contact row conditionally, then the
    /// memberships of those saved with one range query and one transaction per audience. Returns the keys not saved
    /// because someone changed them since they were read.
    /// </summary>
    public async Task<IReadOnlyList<string>> TrySaveRangeAsync(IReadOnlyList<Contact> edited, CancellationToken cancellationToken = default)
    {
        if (edited.Count == 0) return [];
        var saved = await Task.WhenAll(edited.Select(async c => (Contact: c, Saved: await contacts.TrySaveContactAsync(c, cancellationToken))));
        var written = saved.Where(s => s.Saved).Select(s => s.Contact).ToList();
        if (written.Count > 0)
        {
            foreach (var audience in await audiences.ListAsync(cancellationToken))
            {
                var members = await memberships.FindMembersInRangeAsync(audience.Id, written[0].ContactKey, written[^1].ContactKey, cancellationToken);
                await memberships.CopyDetailsAsync(audience.Id, written.Where(c => members.ContainsKey(c.ContactKey)).ToList(), cancellationToken);
            }
        }

        return saved.Where(s => !s.Saved).Select(s => s.Contact.ContactKey).ToList();
    }
}
