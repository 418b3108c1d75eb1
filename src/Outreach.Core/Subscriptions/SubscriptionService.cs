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
/// Sign-up with double opt-in, confirmation, and the confirmation-mail rate limit. Every answer to a valid
/// sign-up is the same whatever the address's state, so the form never reveals who is subscribed.
/// </summary>
public sealed class SubscriptionService(
    SubscriberStore store,
    AudienceStore audiences,
    LinkTokens tokens,
    SubscriptionMails mails,
    MailQueue mailQueue,
    TimeProvider clock,
    ILogger<SubscriptionService> logger)
{
    /// <summary>At most this many confirmation mails per address in <see cref="ConfirmationWindow"/>…</summary>
    public const int ConfirmationMailsPerWindow = 3;

    public static readonly TimeSpan ConfirmationWindow = TimeSpan.FromHours(24);

    /// <summary>…and never two within this interval.</summary>
    public static readonly TimeSpan ConfirmationMinimumInterval = TimeSpan.FromMinutes(1);

    public async Task<ValidationErrors> ValidateAsync(SignupRequest request, CancellationToken cancellationToken = default)
    {
        var errors = new ValidationErrors();
        if (!EmailAddress.TryParse(request.Email, out _)) errors.Add("email", "A valid e-mail address is required.");
        if (NameRules.Check(request.FirstName) is { } nameError) errors.Add("firstName", nameError);
        if (!request.Consent) errors.Add("consent", "Consent is required to subscribe.");
        if (request.Source is { Length: > 200 } || (request.Source?.Any(char.IsControl) ?? false)) errors.Add("source", "Source must be at most 200 characters, on one line.");
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

    /// <summary>Records a valid sign-up as pending and sends the confirmation mail (rate-limited). Call <see cref="ValidateAsync"/> first.</summary>
    public async Task SignUpAsync(SignupRequest request, RequestOrigin origin, CancellationToken cancellationToken = default)
    {
        if (!string.IsNullOrEmpty(request.Website))
        {
            logger.LogInformation("Sign-up with a filled honeypot ignored");
            return;
        }

        if (!EmailAddress.TryParse(request.Email, out var email)) throw new ArgumentException("Invalid e-mail address; validate first.", nameof(request));
        if (await store.IsSuppressedAsync(email.Key, cancellationToken))
        {
            logger.LogInformation("Sign-up of a suppressed address ignored");
            return;
        }

        var now = clock.GetUtcNow();
        var firstName = NameRules.Clean(request.FirstName);
        var requested = request.Audiences.Distinct().ToList();
        var source = string.IsNullOrWhiteSpace(request.Source) ? origin.Channel : request.Source.Trim();
        var awaitingConfirmation = await MarkPendingAsync(email, firstName, requested, source, now, cancellationToken);

        await store.AppendConsentAsync(email.Key, new ConsentRecord
        {
            At = now, Action = "signup", Source = source, WordingVersion = ConsentWording.Version, Audiences = requested, IpPrefix = origin.IpPrefix,
        }, cancellationToken);

        var contact = await SaveContactAsync(email, firstName, request.Language, now, cancellationToken);
        if (awaitingConfirmation.Count > 0) await SendConfirmationIfAllowedAsync(contact, request.Language, cancellationToken);
    }

    /// <summary>Confirms every pending membership of the token's address and sends the welcome mail once.</summary>
    public async Task<ConfirmResult> ConfirmAsync(string? tokenText, string language, RequestOrigin origin, CancellationToken cancellationToken = default)
    {
        var check = tokens.Verify(tokenText, TokenPurpose.Confirm, out var token);
        if (check != TokenCheck.Valid) return new ConfirmResult(check, [], language);

        var contact = await store.FindContactAsync(token!.ContactKey, cancellationToken);
        if (contact is null || await store.IsSuppressedAsync(token.ContactKey, cancellationToken))
            return new ConfirmResult(TokenCheck.Expired, [], language);

        var all = await audiences.ListAsync(cancellationToken);
        var memberships = await store.FindMembershipsAsync(contact.ContactKey, all.Select(a => a.Id), cancellationToken);
        var now = clock.GetUtcNow();
        var newlyConfirmed = new List<Member>();
        foreach (var pending in memberships.Where(m => m.Status == MemberStatus.Pending))
        {
            try
            {
                await store.SaveMemberAsync(pending with { Status = MemberStatus.Confirmed, ConfirmedAt = now }, cancellationToken);
                newlyConfirmed.Add(pending);
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                // Confirmed (or changed) by a concurrent click: that request sends the welcome.
            }
        }

        var confirmedNow = memberships.Where(m => m.Status == MemberStatus.Confirmed).Concat(newlyConfirmed)
            .Select(m => all.First(a => a.Id == m.AudienceId)).ToList();
        if (newlyConfirmed.Count > 0)
        {
            await store.AppendConsentAsync(contact.ContactKey, new ConsentRecord
            {
                At = now, Action = "confirm", Source = "confirmation-link", WordingVersion = ConsentWording.Version,
                Audiences = newlyConfirmed.Select(m => m.AudienceId).ToList(), IpPrefix = origin.IpPrefix,
            }, cancellationToken);
            var welcomed = newlyConfirmed.Select(m => all.First(a => a.Id == m.AudienceId)).ToList();
            await mailQueue.EnqueueAsync(mails.Welcome(contact, welcomed, contact.Language), cancellationToken);
        }

        return new ConfirmResult(TokenCheck.Valid, confirmedNow, contact.Language, contact.ContactKey);
    }

    /// <summary>Sends the confirmation mail unless the address had too many lately. Returns whether it was sent.</summary>
    public async Task<bool> SendConfirmationIfAllowedAsync(Contact contact, string language, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var now = clock.GetUtcNow();
            if (!MayReceiveConfirmation(contact, now))
            {
                logger.LogInformation("Confirmation mail not sent: rate limit reached for this address");
                return false;
            }

            var inWindow = contact.ConfirmationWindowStart is { } start && now - start < ConfirmationWindow;
            var counted = contact with
            {
                LastConfirmationMailAt = now,
                ConfirmationWindowStart = inWindow ? contact.ConfirmationWindowStart : now,
                ConfirmationMailsInWindow = inWindow ? contact.ConfirmationMailsInWindow + 1 : 1,
            };
            if (await store.TrySaveContactAsync(counted, cancellationToken))
            {
                var pending = await PendingAudiencesAsync(contact.ContactKey, cancellationToken);
                if (pending.Count == 0) return false;
                await mailQueue.EnqueueAsync(mails.Confirmation(contact, pending, language), cancellationToken);
                return true;
            }

            // Another request for the same address updated the profile first: read it again and re-decide.
            contact = await store.FindContactAsync(contact.ContactKey, cancellationToken) ?? contact;
        }

        return false;
    }

    public static bool MayReceiveConfirmation(Contact contact, DateTimeOffset now)
    {
        if (contact.LastConfirmationMailAt is { } last && now - last < ConfirmationMinimumInterval) return false;
        var inWindow = contact.ConfirmationWindowStart is { } start && now - start < ConfirmationWindow;
        return !inWindow || contact.ConfirmationMailsInWindow < ConfirmationMailsPerWindow;
    }

    /// <summary>Sets every requested, not yet confirmed membership to pending; returns those now awaiting confirmation.</summary>
    private async Task<List<string>> MarkPendingAsync(
        EmailAddress email, string? firstName, IReadOnlyList<string> audienceIds, string source, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var awaitingConfirmation = new List<string>();
        foreach (var audienceId in audienceIds)
        {
            var existing = await store.FindMemberAsync(audienceId, email.Key, cancellationToken);
            if (existing?.Status == MemberStatus.Confirmed) continue;
            awaitingConfirmation.Add(audienceId);
            await store.SaveMemberAsync(new Member
            {
                AudienceId = audienceId,
                ContactKey = email.Key,
                Email = email.Value,
                FirstName = firstName ?? existing?.FirstName,
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
        var memberships = await store.FindMembershipsAsync(contactKey, all.Select(a => a.Id), cancellationToken);
        var pending = memberships.Where(m => m.Status == MemberStatus.Pending).Select(m => m.AudienceId).ToHashSet();
        return all.Where(a => pending.Contains(a.Id)).ToList();
    }

    private async Task<Contact> SaveContactAsync(EmailAddress email, string? firstName, string language, DateTimeOffset now, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var existing = await store.FindContactAsync(email.Key, cancellationToken);
            var contact = existing is null
                ? new Contact { ContactKey = email.Key, Email = email.Value, FirstName = firstName, Language = language, CreatedAt = now }
                : existing with { FirstName = firstName ?? existing.FirstName, Language = language };
            if (existing is not null && existing.FirstName == contact.FirstName && existing.Language == contact.Language) return existing;
            if (await store.TrySaveContactAsync(contact, cancellationToken))
                return await store.FindContactAsync(email.Key, cancellationToken) ?? contact;
        }

        throw new InvalidOperationException("The contact profile kept changing under concurrent updates.");
    }

    private static string Truncate(string value) => value.Length > 40 ? value[..40] + "…" : value;
}
