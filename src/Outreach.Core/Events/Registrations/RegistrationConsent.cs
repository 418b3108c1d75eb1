using Microsoft.Extensions.Logging;
using Outreach.Core.Common.Validation;
using Outreach.Core.Events.Sessions;
using Outreach.Core.Subscriptions;

namespace Outreach.Core.Events.Registrations;

/// <summary>
/// The consent side of a registration: who is quietly ignored (bots, suppressed addresses), the consent record with
/// its proof, and following a series' programme as a newsletter sign-up with its own double opt-in.
/// </summary>
public sealed class RegistrationConsent(SuppressionStore suppressions, ConsentStore consents, SubscriptionService subscriptions, TimeProvider clock, ILogger<RegistrationConsent> logger)
{
    /// <summary>Bots (honeypot filled) and suppressed addresses get the same answer as everyone, and nothing happens.</summary>
    public async Task<bool> IsIgnoredAsync(RegistrationRequest request, EmailAddress email, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(request.Website))
        {
            logger.LogInformation("Registration with a filled honeypot ignored");
            return true;
        }

        if (await suppressions.IsSuppressedAsync(email.Key, cancellationToken))
        {
            logger.LogInformation("Registration of a suppressed address ignored");
            return true;
        }

        return false;
    }

    /// <summary>Records the registration's consent: when, from where, which wording, to what (<c>event:…</c> or <c>series:…</c>).</summary>
    public Task RecordAsync(EmailAddress email, string source, string scope, RequestOrigin origin, CancellationToken cancellationToken) =>
        consents.AppendConsentAsync(email.Key, new ConsentRecord
        {
            At = clock.GetUtcNow(),
            Action = "event-registration",
            Source = source,
            WordingVersion = EventConsentWording.Version,
            Audiences = [scope],
            IpPrefix = origin.IpPrefix,
        }, cancellationToken);

    /// <summary>Following the programme is a newsletter sign-up to the series' audience, with its own double opt-in.</summary>
    public async Task FollowProgrammeAsync(EventSeries series, RegistrationRequest request, RequestOrigin origin, CancellationToken cancellationToken)
    {
        var signup = new SignupRequest
        {
            Email = request.Email,
            FirstName = request.FirstName,
            Audiences = [series.ProgrammeAudienceId],
            Consent = true,
            Language = request.Language,
        };
        var errors = await subscriptions.ValidateAsync(signup, cancellationToken);
        if (!errors.IsValid)
        {
            logger.LogWarning("Programme audience {AudienceId} of series {SeriesId} is not open for sign-up", series.ProgrammeAudienceId, series.Id);
            return;
        }

        await subscriptions.AcceptAsync(signup, origin with { Channel = $"series:{series.Id}" }, cancellationToken);
    }
}
