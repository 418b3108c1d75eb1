using Outreach.Core.Common.Validation;
using Outreach.Core.Events.Sessions;
using Outreach.Core.Subscriptions;

namespace Outreach.Core.Events.Registrations;

/// <summary>
/// Registration to a whole series ("follow the programme"): every session still open, a waitlist place where one is
/// full, one consent record for the series, and, when asked, the programme mail's own double opt-in.
/// </summary>
public sealed class SeriesRegistrationService(EventStore events, Enrolment enrolment, RegistrationConsent consent, RegistrationAllowance allowance, TimeProvider clock)
{
    /// <summary>Registers to every session of the series still open; full sessions put the person on their waitlist.</summary>
    public async Task<SeriesRegistrationOutcome> RegisterAsync(string seriesId, RegistrationRequest request, RequestOrigin origin, CancellationToken cancellationToken = default)
    {
        var series = await events.FindSeriesAsync(seriesId, cancellationToken);
        if (series is null) return new SeriesRegistrationOutcome(RegistrationResult.NotFound, null, []);
        var errors = RegistrationRules.Validate(request);
        if (!errors.IsValid) return new SeriesRegistrationOutcome(RegistrationResult.Invalid, series, [], errors);

        var now = clock.GetUtcNow();
        var sessions = await events.ListSessionsAsync(series.SessionIds, cancellationToken);
        var open = sessions.Where(s => RegistrationRules.Unavailability(s, now) is null).ToList();
        if (open.Count == 0) return new SeriesRegistrationOutcome(RegistrationResult.Past, series, []);
        if (!await allowance.TryTakeRequestAsync(origin.IpPrefix, cancellationToken)) return new SeriesRegistrationOutcome(RegistrationResult.TooMany, series, []);
        var organizerErrors = open.Select(s => RegistrationRules.Validate(request, s.OrganizerEmail)).FirstOrDefault(e => !e.IsValid);
        if (organizerErrors is not null) return new SeriesRegistrationOutcome(RegistrationResult.Invalid, series, [], organizerErrors);
        var answerErrors = new ValidationErrors();
        var answers = RegistrationQuestion.Read(open[0].Questions, request.Answers, request.Language, answerErrors); // a series asks the same of every session
        if (!answerErrors.IsValid) return new SeriesRegistrationOutcome(RegistrationResult.Invalid, series, [], answerErrors);
        request = request with { Answers = answers };

        if (!EmailAddress.TryParse(request.Email, out var email)) throw new InvalidOperationException("Validated e-mail did not parse.");
        if (await consent.IsIgnoredAsync(request, email, cancellationToken)) return new SeriesRegistrationOutcome(RegistrationResult.Registered, series, []);

        var source = RegistrationRules.SourceOf(request, origin);
        var outcomes = await EnrolEachAsync(series, open, email, request, source, origin, proven: false, cancellationToken);
        if (request.FollowProgramme) await consent.FollowProgrammeAsync(series, request, origin, cancellationToken);
        return new SeriesRegistrationOutcome(RegistrationResult.Registered, series, outcomes);
    }

    /// <summary>
    /// A confirmed subscriber registering from a link in a mail they received (one-click): the address has proved itself,
    /// so every given session takes a seat at once (a waitlist place where full), without a "confirm your place" mail.
    /// </summary>
    public Task<IReadOnlyList<RegistrationOutcome>> RegisterSubscriberAsync(
        EventSeries series, IReadOnlyList<EventSession> sessions, EmailAddress email, RegistrationRequest request, string source, RequestOrigin origin, CancellationToken cancellationToken = default) =>
        EnrolEachAsync(series, sessions, email, request, source, origin, proven: true, cancellationToken);

    /// <summary>An anonymous request holds a limited session's place until confirmed from the mailbox; a proven address takes it.</summary>
    private async Task<IReadOnlyList<RegistrationOutcome>> EnrolEachAsync(
        EventSeries series, IReadOnlyList<EventSession> sessions, EmailAddress email, RegistrationRequest request, string source, RequestOrigin origin, bool proven, CancellationToken cancellationToken)
    {
        var outcomes = new List<RegistrationOutcome>();
        var cause = proven ? MailCause.Proven : MailCause.AnonymousRequest;
        foreach (var session in sessions)
            outcomes.Add(session.Capacity is null || proven
                ? await enrolment.EnrolAsync(session, email, request, source, series.Id, joinWaitlist: true, cause, cancellationToken)
                : await enrolment.HoldAsync(session, email, request, source, series.Id, cancellationToken));
        await consent.RecordAsync(email, source, $"series:{series.Id}", origin, cancellationToken);
        return outcomes;
    }
}
