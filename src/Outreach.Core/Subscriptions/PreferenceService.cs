using Outreach.Core.Audiences;
using Outreach.Core.Common.Links;
using Outreach.Core.Common.Validation;
using Outreach.Core.Mail;

namespace Outreach.Core.Subscriptions;

/// <summary>What the preference centre shows: the address, every list open for sign-up and its status.</summary>
public sealed record PreferencesView(Contact Contact, IReadOnlyList<(Audience Audience, string? Status)> Lists, bool Suppressed);

public sealed record UnsubscribeView(Contact Contact, IReadOnlyList<Audience> Audiences, bool Everything);

/// <summary>Leaving (one list or all) and the preference centre, both reached through signed mail links.</summary>
public sealed class PreferenceService(
    ContactStore contacts, MembershipStore memberships, SuppressionStore suppressions, AudienceStore audiences, LinkTokens tokens,
    OptOuts optOuts, SubscriptionService subscriptions, LinkMailAllowance allowance, SubscriptionMails mails, MailQueue mailQueue)
{
    /// <summary>What an unsubscribe link would do; changes nothing (mail scanners follow GET links).</summary>
    public async Task<(TokenCheck Check, UnsubscribeView? View)> DescribeUnsubscribeAsync(string? tokenText, CancellationToken cancellationToken = default)
    {
        var check = tokens.Verify(tokenText, TokenPurpose.Unsubscribe, out var token);
        if (check != TokenCheck.Valid) return (check, null);
        var contact = await contacts.FindContactAsync(token!.ContactKey, cancellationToken);
        if (contact is null) return (TokenCheck.Expired, null);
        return (check, new UnsubscribeView(contact, await ScopeAsync(token.Scope, cancellationToken), token.Scope == "*"));
    }

    /// <summary>Unsubscribes the token's address from the token's audience (or all); idempotent.</summary>
    public async Task<(TokenCheck Check, UnsubscribeView? View)> UnsubscribeAsync(string? tokenText, RequestOrigin origin, CancellationToken cancellationToken = default)
    {
        var (check, view) = await DescribeUnsubscribeAsync(tokenText, cancellationToken);
        if (view is null) return (check, null);
        await optOuts.LeaveAsync(view.Contact.ContactKey, view.Audiences.Select(a => a.Id).ToList(), origin, cancellationToken);
        return (check, view);
    }

    public async Task<(TokenCheck Check, PreferencesView? View)> GetPreferencesAsync(string? tokenText, CancellationToken cancellationToken = default)
    {
        var check = tokens.Verify(tokenText, TokenPurpose.Preferences, out var token);
        if (check != TokenCheck.Valid) return (check, null);
        var contact = await contacts.FindContactAsync(token!.ContactKey, cancellationToken);
        if (contact is null) return (TokenCheck.Expired, null);
        return (check, await ViewAsync(contact, cancellationToken));
    }

    /// <summary>
    /// Applies the preference centre's choices: unchecked lists are left at once; checked lists not yet confirmed await
    /// the person's confirmation (a forwarded or leaked link cannot subscribe anyone), and the confirmation mail goes out.
    /// <paramref name="leaveAll"/> unsubscribes from everything.
    /// </summary>
    public async Task<(TokenCheck Check, PreferencesView? View, IReadOnlyList<string> AwaitingConfirmation)> SavePreferencesAsync(
        string? tokenText, IReadOnlyCollection<string> selected, bool leaveAll, RequestOrigin origin, CancellationToken cancellationToken = default)
    {
        var (check, view) = await GetPreferencesAsync(tokenText, cancellationToken);
        if (view is null) return (check, null, []);
        var contact = view.Contact;
        var wanted = leaveAll ? new HashSet<string>() : selected.ToHashSet();
        var leaving = view.Lists.Where(l => !wanted.Contains(l.Audience.Id) && l.Status is MemberStatus.Confirmed or MemberStatus.Pending)
            .Select(l => l.Audience.Id).ToList();
        var joining = view.Suppressed ? [] : view.Lists.Where(l => wanted.Contains(l.Audience.Id) && l.Status != MemberStatus.Confirmed && l.Audience.OpenForSignup)
            .Select(l => l.Audience.Id).ToList();

        await optOuts.LeaveAsync(contact.ContactKey, leaving, origin, cancellationToken);
        var awaiting = joining.Count > 0 ? await subscriptions.RequestToJoinAsync(contact, joining, origin, cancellationToken) : [];
        return (check, await ViewAsync(contact, cancellationToken), awaiting);
    }

    /// <summary>
    /// For a preference link that has outlived its validity: mails a fresh one to the address the link was made for
    /// (rate-limited like confirmation mails). The old link proves nothing more than that; the new one goes to the mailbox.
    /// </summary>
    public async Task<TokenCheck> SendFreshPreferencesLinkAsync(string? tokenText, CancellationToken cancellationToken = default)
    {
        var check = tokens.Verify(tokenText, TokenPurpose.Preferences, out var token);
        if (check is not (TokenCheck.Valid or TokenCheck.Expired) || token is null) return check;
        var contact = await contacts.FindContactAsync(token.ContactKey, cancellationToken);
        if (contact is null || await suppressions.IsSuppressedAsync(contact.ContactKey, cancellationToken)) return TokenCheck.Valid;
        if (await allowance.TryCountLinkMailAsync(contact, cancellationToken))
            await mailQueue.EnqueueAsync(await mails.PreferencesLinkAsync(contact, contact.Language, cancellationToken), cancellationToken);
        return TokenCheck.Valid;
    }

    /// <summary>A request to come back shows as awaiting confirmation, which is what it is for the person.</summary>
    private static string ShownStatus(Member member) => member.AwaitsConfirmation ? MemberStatus.Pending : member.Status;

    private async Task<IReadOnlyList<Audience>> ScopeAsync(string scope, CancellationToken cancellationToken)
    {
        var all = await audiences.ListAsync(cancellationToken);
        return scope == "*" ? all : all.Where(a => a.Id == scope).ToList();
    }

    private async Task<PreferencesView> ViewAsync(Contact contact, CancellationToken cancellationToken)
    {
        var all = await audiences.ListAsync(cancellationToken);
        var held = (await memberships.FindMembershipsAsync(contact.ContactKey, all.Select(a => a.Id), cancellationToken)).ToDictionary(m => m.AudienceId);
        var lists = all.Where(a => a.OpenForSignup || held.ContainsKey(a.Id))
            .Select(a => (a, held.TryGetValue(a.Id, out var m) ? ShownStatus(m) : null)).ToList();
        return new PreferencesView(contact, lists, await suppressions.IsSuppressedAsync(contact.ContactKey, cancellationToken));
    }
}
