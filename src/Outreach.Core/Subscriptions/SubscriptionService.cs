using Azure;
using Microsoft.Extensions.Logging;
using Outreach.Core.Audiences;
using Outreach.Core.Common.Links;
using Outreach.Core.Common.Validation;
using Outreach.Core.Mail;

namespace Outreach.Core.Subscriptions;

public enum SignupResult
{
    Accepted,
    Invalid,
}

public sealed record ConfirmResult(TokenCheck Check, IReadOnlyList<Audience> Confirmed, string Language, string? ContactKey = null);

/// <summary>
/// Sign-up with double opt-in, confirmation, and the confirmation-mail rate limit. Every answer to a valid sign-up is
/// the same, and takes the same work, whatever the address's state, so the form never reveals who is subscribed.
/// </summary>
public sealed class SubscriptionService(
    MembershipStore memberships,
    ContactStore contacts,
    ConsentStore consents,
    SuppressionStore suppressions,
    LinkMailAllowance allowance,
    AudienceStore audiences,
    LinkTokens tokens,
    SubscriptionMails mails,
    MailQueue mailQueue,
    SignupQueue signupQueue,
    TimeProvider clock,
    ILogger<SubscriptionService> logger)
{
    public async Task<ValidationErrors> ValidateAsync(SignupRequest request, CancellationToken cancellationToken = default)
    {
        var errors = new ValidationErrors();
        if (!EmailAddress.TryParse(request.Email, out _)) errors.Add("email", "A valid e-mail address is required.");
        if (NameRules.Check(request.FirstName) is { } nameError) errors.Add("firstName", nameError);
        if (!request.Consent) errors.Add("consent", "Consent is required to subscribe.");
        if (SourceRules.Check(request.Source) is { } sourceError) errors.Add("source", sourceError);
        if (request.Audiences.Count == 0)
        {
            errors.Add("audiences", "Choose at least one list.");
        }
        else
        {
            var open = (await audiences.ListAsync(cancellationToken)).Where(a => a.OpenForSignup).Select(a => a.Id).ToHashSet();
            foreach (var unknown in request.Audiences.Where(id => !open.Contains(id)).Distinct())
                errors.Add("audiences", $"Unknown list: {Truncate(unknown)}.");
        }

        return errors;
    }

    /// <summary>
    /// Takes a valid sign-up: only hands it to the sign-up queue, the same work whatever the address's state, so neither
    /// the answer nor its timing tells whether the address is new, pending, confirmed, unsubscribed or suppressed.
    /// <see cref="SignUpAsync"/> does the rest from the queue. Call <see cref="ValidateAsync"/> first.
    /// </summary>
    public async Task AcceptAsync(SignupRequest request, RequestOrigin origin, CancellationToken cancellationToken = default)
    {
        if (!string.IsNullOrEmpty(request.Website))
        {
            logger.LogInformation("Sign-up with a filled honeypot ignored");
            return;
        }

        if (!EmailAddress.TryParse(request.Email, out var email)) throw new ArgumentException("Invalid e-mail address; validate first.", nameof(request));
        await signupQueue.EnqueueAsync(QueuedSignup.From(request, email, origin, clock.GetUtcNow()), cancellationToken);
    }

    /// <summary>The queue's consumer: the sign-up a message carries, dropped when the person was erased meanwhile.</summary>
    public async Task SignUpQueuedAsync(string message, CancellationToken cancellationToken = default)
    {
        if (await signupQueue.ReadAsync(message, cancellationToken) is not { } signup)
        {
            logger.LogInformation("Queued sign-up dropped: the address was erased, or it was handled already");
            return;
        }

        await SignUpAsync(signup, cancellationToken);
        await signupQueue.DoneAsync(message, cancellationToken);
    }

    /// <summary>
    /// Records a queued sign-up and sends the confirmation mail (rate-limited). New lists become pending; a list the
    /// person left stays unsubscribed, with a request to come back that only their confirmation grants. An existing
    /// contact's name and language are never changed by it: only the person's own links may do that.
    /// </summary>
    public async Task SignUpAsync(QueuedSignup signup, CancellationToken cancellationToken = default)
    {
        if (!EmailAddress.TryParse(signup.Email, out var email)) throw new ArgumentException("Invalid e-mail address in a queued sign-up.", nameof(signup));
        if (await suppressions.IsSuppressedAsync(email.Key, cancellationToken))
        {
            logger.LogInformation("Sign-up of a suppressed address ignored");
            return;
        }

        var now = clock.GetUtcNow();
        var contact = await FindOrCreateContactAsync(email, NameRules.Clean(signup.FirstName), signup.Language, now, cancellationToken);
        var requested = signup.Audiences.Distinct().ToList();
        var awaitingConfirmation = await RequestMembershipsAsync(contact, requested, signup.Source, now, cancellationToken);

        await consents.AppendConsentAsync(email.Key, new ConsentRecord
        {
            At = signup.ReceivedAt, Action = ConsentActions.Signup, Source = signup.Source, WordingVersion = ConsentWording.Version, Audiences = requested, IpPrefix = signup.IpPrefix,
        }, cancellationToken);

        if (awaitingConfirmation.Count > 0) await SendConfirmationIfAllowedAsync(contact, contact.Language, cancellationToken);
    }

    /// <summary>
    /// The lists a person asks to join through a link of theirs (the preference centre): pending, or a request to come back,
    /// confirmed only from the confirmation mail this sends. Returns the lists now awaiting confirmation.
    /// </summary>
    public async Task<IReadOnlyList<string>> RequestToJoinAsync(Contact contact, IReadOnlyList<string> audienceIds, RequestOrigin origin, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var awaiting = await RequestMembershipsAsync(contact, audienceIds, origin.Channel, now, cancellationToken);
        if (awaiting.Count == 0) return awaiting;
        await consents.AppendConsentAsync(contact.ContactKey, new ConsentRecord
        {
            At = now, Action = ConsentActions.Signup, Source = origin.Channel, WordingVersion = ConsentWording.Version, Audiences = awaiting, IpPrefix = origin.IpPrefix,
        }, cancellationToken);
        await SendConfirmationIfAllowedAsync(contact, contact.Language, cancellationToken);
        return awaiting;
    }

    /// <summary>Whether a confirmation link is one of ours and still valid; reads nothing, changes nothing.</summary>
    public TokenCheck CheckConfirmation(string? tokenText) => tokens.Verify(tokenText, TokenPurpose.Confirm, out _);

    /// <summary>Confirms every pending membership of the token's address and sends the welcome mail once.</summary>
    public async Task<ConfirmResult> ConfirmAsync(string? tokenText, string language, RequestOrigin origin, CancellationToken cancellationToken = default)
    {
        var check = tokens.Verify(tokenText, TokenPurpose.Confirm, out var token);
        if (check != TokenCheck.Valid) return new ConfirmResult(check, [], language);

        var contact = await contacts.FindContactAsync(token!.ContactKey, cancellationToken);
        if (contact is null || await suppressions.IsSuppressedAsync(token.ContactKey, cancellationToken))
            return new ConfirmResult(TokenCheck.Expired, [], language);

        var all = await audiences.ListAsync(cancellationToken);
        var held = await memberships.FindMembershipsAsync(contact.ContactKey, all.Select(a => a.Id), cancellationToken);
        var now = clock.GetUtcNow();
        var newlyConfirmed = new List<Member>();
        foreach (var pending in held.Where(m => m.AwaitsConfirmation))
        {
            try
            {
                await memberships.SaveMemberAsync(pending with { Status = MemberStatus.Confirmed, ConfirmedAt = now, RejoinRequestedAt = null }, cancellationToken);
                newlyConfirmed.Add(pending);
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                // Confirmed (or changed) by a concurrent click: that request sends the welcome.
            }
        }

        var confirmedNow = held.Where(m => m.Status == MemberStatus.Confirmed).Concat(newlyConfirmed)
            .Select(m => all.First(a => a.Id == m.AudienceId)).ToList();
        if (newlyConfirmed.Count > 0)
        {
            await consents.AppendConsentAsync(contact.ContactKey, new ConsentRecord
            {
                At = now, Action = ConsentActions.Confirm, Source = "confirmation-link", WordingVersion = ConsentWording.Version,
                Audiences = newlyConfirmed.Select(m => m.AudienceId).ToList(), IpPrefix = origin.IpPrefix,
            }, cancellationToken);
            var welcomed = newlyConfirmed.Select(m => all.First(a => a.Id == m.AudienceId)).ToList();
            await mailQueue.EnqueueAsync(await mails.WelcomeAsync(contact, welcomed, contact.Language, cancellationToken), cancellationToken);
        }

        return new ConfirmResult(TokenCheck.Valid, confirmedNow, contact.Language, contact.ContactKey);
    }

    /// <summary>Sends the confirmation mail unless the address had too many lately. Returns whether it was sent.</summary>
    public async Task<bool> SendConfirmationIfAllowedAsync(Contact contact, string language, CancellationToken cancellationToken = default)
    {
        if (!await allowance.TryCountLinkMailAsync(contact, cancellationToken)) return false;
        var pending = await PendingAudiencesAsync(contact.ContactKey, cancellationToken);
        if (pending.Count == 0) return false;
        await mailQueue.EnqueueAsync(await mails.ConfirmationAsync(contact, pending, language, cancellationToken), cancellationToken);
        return true;
    }

    /// <summary>
    /// Every requested list not yet confirmed awaits confirmation: a new membership is pending; one the person left stays
    /// unsubscribed (date and proof kept) with a request to come back. Returns the lists now awaiting confirmation.
    /// </summary>
    private async Task<List<string>> RequestMembershipsAsync(
        Contact contact, IReadOnlyList<string> audienceIds, string source, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var awaitingConfirmation = new List<string>();
        foreach (var audienceId in audienceIds)
        {
            var existing = await memberships.FindMemberAsync(audienceId, contact.ContactKey, cancellationToken);
            if (existing?.Status == MemberStatus.Confirmed) continue;
            awaitingConfirmation.Add(audienceId);
            if (existing?.AwaitsConfirmation == true) continue;
            await memberships.SaveMemberAsync(existing?.Status == MemberStatus.Unsubscribed
                ? existing with { RejoinRequestedAt = now }
                : new Member
                {
                    AudienceId = audienceId,
                    ContactKey = contact.ContactKey,
                    Email = contact.Email,
                    FirstName = contact.FirstName,
                    Status = MemberStatus.Pending,
                    SubscribedAt = now,
                    Source = source,
                }, cancellationToken);
        }

        return awaitingConfirmation;
    }

    private async Task<IReadOnlyList<Audience>> PendingAudiencesAsync(string contactKey, CancellationToken cancellationToken)
    {
        var all = await audiences.ListAsync(cancellationToken);
        var held = await memberships.FindMembershipsAsync(contactKey, all.Select(a => a.Id), cancellationToken);
        var pending = held.Where(m => m.AwaitsConfirmation).Select(m => m.AudienceId).ToHashSet();
        return all.Where(a => pending.Contains(a.Id)).ToList();
    }

    /// <summary>The address's profile as it is; created with the sign-up's name and language when the address is new.</summary>
    private async Task<Contact> FindOrCreateContactAsync(EmailAddress email, string? firstName, string language, DateTimeOffset now, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            if (await contacts.FindContactAsync(email.Key, cancellationToken) is { } existing) return existing;
            var created = new Contact { ContactKey = email.Key, Email = email.Value, FirstName = firstName, Language = language, CreatedAt = now };
            if (await contacts.TrySaveContactAsync(created, cancellationToken))
                return await contacts.FindContactAsync(email.Key, cancellationToken) ?? created;
        }

        throw new InvalidOperationException("The contact profile kept changing under concurrent updates.");
    }

    private static string Truncate(string value) => value.Length > 40 ? value[..40] + "…" : value;
}
