using Outreach.Core.Events.Calendar;
using Outreach.Core.Events.Registrations;
using Outreach.Core.Events.Sessions;
using Outreach.Core.Mail;
using Outreach.Core.Mail.Templates;
using Outreach.Core.Newsletters;

namespace Outreach.Core.Events.Mails;

/// <summary>
/// The transactional mails of a registration: confirmation (with the invite), waitlist, promotion, update, cancellation,
/// reminders and replay, each rendered from its mail template (<c>event-confirmation</c>…). Each carries the session's
/// time in its zone, the person's own join link when they have a seat (never the video link itself), "add to Google Calendar / Outlook" links and their own
/// "cancel my registration" link. Invites travel as a <c>text/calendar; method=…</c> part after text and HTML, plus the
/// <c>.ics</c> attachment.
/// </summary>
public sealed class EventMails(InviteBuilder invites, EventLinks links, MailTemplateRenderer renderer)
{
    public Task<MailMessage> ConfirmationAsync(EventSession session, Registration registration, bool promoted = false, CancellationToken cancellationToken = default) =>
        ComposeAsync(session, registration, EventMailTemplates.Confirmation, withJoinLink: true, "event-confirmation",
            Invite(InviteBuilder.Request, invites.BuildRequest(session, Attendee(session, registration))),
            new() { ["promoted"] = promoted }, cancellationToken);

    public Task<MailMessage> WaitlistedAsync(EventSession session, Registration registration, CancellationToken cancellationToken = default) =>
        ComposeAsync(session, registration, EventMailTemplates.Waitlist, withJoinLink: false, "event-waitlist", calendar: null, [], cancellationToken);

    /// <summary>A session with limited seats: the link that takes the place once the person confirms it is theirs.</summary>
    public Task<MailMessage> SeatConfirmationAsync(EventSession session, Registration registration, CancellationToken cancellationToken = default) =>
        ComposeAsync(session, registration, EventMailTemplates.SeatConfirmation, withJoinLink: false, "event-seat-confirmation", calendar: null,
            new() { ["confirm_url"] = links.ConfirmSeat(session.Id, registration.ContactKey, registration.Language) }, cancellationToken);

    public Task<MailMessage> UpdateAsync(EventSession session, Registration registration, CancellationToken cancellationToken = default) =>
        ComposeAsync(session, registration, EventMailTemplates.Update, withJoinLink: true, "event-update",
            Invite(InviteBuilder.Request, invites.BuildRequest(session, Attendee(session, registration))), [], cancellationToken);

    /// <summary>The session is cancelled: <c>METHOD:CANCEL</c> for those holding an invite, a plain notice for the waitlist.</summary>
    public Task<MailMessage> SessionCancelledAsync(EventSession session, Registration registration, CancellationToken cancellationToken = default) =>
        ComposeAsync(session, registration, EventMailTemplates.Cancelled, withJoinLink: false, "event-cancelled",
            registration.HasSeat ? Invite(InviteBuilder.Cancel, invites.BuildCancel(session, Attendee(session, registration with { Status = RegistrationStatus.Registered }))) : null,
            new() { ["has_seat"] = registration.HasSeat }, cancellationToken);

    /// <summary>The registrant cancelled their own registration: their copy of the event is withdrawn.</summary>
    public Task<MailMessage> RegistrationCancelledAsync(EventSession session, Registration registration, bool hadSeat, CancellationToken cancellationToken = default) =>
        ComposeAsync(session, registration, EventMailTemplates.RegistrationCancelled, withJoinLink: false, "event-registration-cancelled",
            hadSeat ? Invite(InviteBuilder.Cancel, invites.BuildCancel(session, Attendee(session, registration))) : null,
            new() { ["has_seat"] = hadSeat }, cancellationToken);

    public Task<MailMessage> ReminderAsync(EventSession session, Registration registration, TimeSpan lead, CancellationToken cancellationToken = default) =>
        ComposeAsync(session, registration, EventMailTemplates.Reminder, withJoinLink: true, "event-reminder", calendar: null,
            new() { ["soon"] = lead < TimeSpan.FromHours(12), ["lead"] = SessionTimes.Lead(lead, registration.Language) }, cancellationToken);

    /// <summary>The replay, worded for those who attended (<c>attended</c> "yes"), those who missed it ("no"), and those we do not know about ("unknown").</summary>
    public Task<MailMessage> ReplayAsync(EventSession session, Registration registration, string replayUrl, CancellationToken cancellationToken = default) =>
        ComposeAsync(session, registration, EventMailTemplates.Replay, withJoinLink: false, "event-replay", calendar: null,
            new() { ["attended"] = registration.Attended switch { true => "yes", false => "no", null => "unknown" }, ["replay_url"] = replayUrl }, cancellationToken);

    public InviteAttendee Attendee(EventSession session, Registration registration) =>
        new(registration.Email, registration.FirstName, registration.Language, links.ManageRegistration(session.Id, registration.ContactKey, registration.Language),
            links.Join(session, registration.ContactKey, registration.Language));

    private static CalendarPart Invite(string method, string content) => new(method, content, method == InviteBuilder.Cancel ? "cancel.ics" : "invite.ics");

    private async Task<MailMessage> ComposeAsync(
        EventSession session,
        Registration registration,
        string template,
        bool withJoinLink,
        string category,
        CalendarPart? calendar,
        Dictionary<string, object?> variables,
        CancellationToken cancellationToken)
    {
        var lang = registration.Language;
        variables["subscriber"] = Recipients.Named(registration.FirstName, lang);
        variables["session"] = SessionVariables(session, registration, withJoinLink);
        var mail = await renderer.RenderAsync(template, lang, variables, cancellationToken: cancellationToken);
        return new MailMessage
        {
            To = new MailAddress(registration.Email, registration.FirstName),
            Subject = mail.Subject,
            Html = mail.Html,
            Text = mail.Text,
            Calendar = calendar,
            Categories = [category],
            CustomArgs = new Dictionary<string, string> { ["sessionId"] = session.Id },
        };
    }

    /// <summary>
    /// What a template sees as <c>session</c>; the join link (the person's own <c>/api/join/…</c> link, never the video link
    /// itself) and the calendar links carrying it go only to those with a seat.
    /// </summary>
    private Dictionary<string, object?> SessionVariables(EventSession session, Registration registration, bool withJoinLink)
    {
        var lang = registration.Language;
        var page = links.SessionPage(session.Id, lang);
        var manage = links.ManageRegistration(session.Id, registration.ContactKey, lang);
        var join = withJoinLink ? links.Join(session, registration.ContactKey, lang) : null;
        var details = join is not null ? InviteBuilder.InviteDescription(session, lang, join, manage) : InviteBuilder.PublicDescription(session, page, lang);
        return EventMailTemplates.Session(
            session.DisplayTitle, SessionTimes.When(session, lang), SessionTimes.ShortDay(session.LocalStart, lang), SessionTimes.Clock(session.LocalStart, lang),
            session.Description, join ?? "", page, manage,
            CalendarLinks.Google(session, details, join ?? page), CalendarLinks.Outlook(session, details, join ?? page), links.CalendarFile(session.Id));
    }
}
