using System.Text;
using Outreach.Core.Pages;
using static Outreach.Core.Pages.Html;
using static Outreach.Core.Common.Localization.Language;
using Outreach.Core.Common.Localization;
using Outreach.Core.Events.Calendar;
using Outreach.Core.Events.Registrations;
using Outreach.Core.Events.Sessions;
using Outreach.Core.Mail;

namespace Outreach.Core.Events.Mails;

/// <summary>
/// The transactional mails of a registration: confirmation (with the invite), waitlist, promotion, update, cancellation,
/// reminders and replay. Each carries the session's time in its zone, the join link when the person has a seat,
/// "add to Google Calendar / Outlook" links and their own "cancel my registration" link. Invites travel as a
/// <c>text/calendar; method=…</c> part after text and HTML, plus the <c>.ics</c> attachment.
/// </summary>
public sealed class EventMails(InviteBuilder invites, EventLinks links)
{
    public MailMessage Confirmation(EventSession session, Registration registration, bool promoted = false)
    {
        var lang = registration.Language;
        var subject = promoted
            ? T(lang, $"Une place s'est libérée : {session.DisplayTitle}", $"A seat is yours: {session.DisplayTitle}")
            : T(lang, $"Inscription confirmée : {session.DisplayTitle}", $"Registration confirmed: {session.DisplayTitle}");
        var intro = promoted
            ? T(lang, "Bonne nouvelle : une place s'est libérée et elle est pour vous. Vous êtes inscrit·e au webinaire :", "Good news: a seat freed up and it is yours. You are registered for the webinar:")
            : T(lang, "Votre inscription est confirmée. Rendez-vous au webinaire :", "Your registration is confirmed. See you at the webinar:");
        var calendarNote = T(lang, "L'invitation jointe s'ajoute à votre agenda ; vous pouvez aussi utiliser les liens ci-dessous.", "The attached invitation adds the session to your calendar; you can also use the links below.");
        return Compose(session, registration, subject, [intro], [calendarNote], withJoinLink: true, "event-confirmation",
            Invite(InviteBuilder.Request, invites.BuildRequest(session, Attendee(session, registration))));
    }

    public MailMessage Waitlisted(EventSession session, Registration registration)
    {
        var lang = registration.Language;
        return Compose(session, registration,
            T(lang, $"Liste d'attente : {session.DisplayTitle}", $"Waitlist: {session.DisplayTitle}"),
            [T(lang, "Le webinaire est complet. Vous êtes sur la liste d'attente :", "The webinar is full. You are on the waitlist for:")],
            [T(lang, "Si une place se libère, elle vous sera attribuée dans l'ordre d'inscription et vous recevrez aussitôt l'invitation pour votre agenda.", "If a seat frees up, it goes to the waitlist in order of registration and you will get the calendar invitation straight away.")],
            withJoinLink: false, "event-waitlist", calendar: null);
    }

    public MailMessage Update(EventSession session, Registration registration)
    {
        var lang = registration.Language;
        return Compose(session, registration,
            T(lang, $"Changement : {session.DisplayTitle}, {SessionTimes.ShortDay(session.LocalStart, lang)} à {SessionTimes.Clock(session.LocalStart, lang)}", $"Changed: {session.DisplayTitle}, {SessionTimes.ShortDay(session.LocalStart, lang)} at {SessionTimes.Clock(session.LocalStart, lang)}"),
            [T(lang, "Le webinaire auquel vous êtes inscrit·e a changé. Voici la nouvelle version :", "The webinar you registered for has changed. Here is the new version:")],
            [T(lang, "L'invitation jointe met à jour l'événement dans votre agenda.", "The attached invitation updates the event in your calendar.")],
            withJoinLink: true, "event-update",
            Invite(InviteBuilder.Request, invites.BuildRequest(session, Attendee(session, registration))));
    }

    /// <summary>The session is cancelled: <c>METHOD:CANCEL</c> for those holding an invite, a plain notice for the waitlist.</summary>
    public MailMessage SessionCancelled(EventSession session, Registration registration)
    {
        var lang = registration.Language;
        return Compose(session, registration,
            T(lang, $"Annulé : {session.DisplayTitle}", $"Cancelled: {session.DisplayTitle}"),
            [T(lang, "Nous sommes désolés : ce webinaire est annulé.", "We are sorry: this webinar is cancelled.")],
            registration.HasSeat ? [T(lang, "L'annulation jointe retire l'événement de votre agenda.", "The attached cancellation removes the event from your calendar.")] : [],
            withJoinLink: false, "event-cancelled",
            registration.HasSeat ? Invite(InviteBuilder.Cancel, invites.BuildCancel(session, Attendee(session, registration with { Status = RegistrationStatus.Registered }))) : null,
            withCalendarLinks: false);
    }

    /// <summary>The registrant cancelled their own registration: their copy of the event is withdrawn.</summary>
    public MailMessage RegistrationCancelled(EventSession session, Registration registration, bool hadSeat)
    {
        var lang = registration.Language;
        return Compose(session, registration,
            T(lang, $"Inscription annulée : {session.DisplayTitle}", $"Registration cancelled: {session.DisplayTitle}"),
            [T(lang, "Votre inscription est annulée. Merci de nous avoir prévenus : votre place revient à une autre personne.", "Your registration is cancelled. Thank you for letting us know: your seat goes to someone else.")],
            [T(lang, "Vous pouvez vous réinscrire à tout moment depuis la page du webinaire.", "You can register again at any time from the webinar's page.")],
            withJoinLink: false, "event-registration-cancelled",
            hadSeat ? Invite(InviteBuilder.Cancel, invites.BuildCancel(session, Attendee(session, registration))) : null,
            withCalendarLinks: false, withManageLink: false);
    }

    public MailMessage Reminder(EventSession session, Registration registration, TimeSpan lead)
    {
        var lang = registration.Language;
        var soon = lead < TimeSpan.FromHours(12);
        var subject = soon
            ? T(lang, $"Dans {SessionTimes.Lead(lead, lang)} : {session.DisplayTitle}", $"In {SessionTimes.Lead(lead, lang)}: {session.DisplayTitle}")
            : T(lang, $"Rappel : {session.DisplayTitle}, {SessionTimes.ShortDay(session.LocalStart, lang)} à {SessionTimes.Clock(session.LocalStart, lang)}", $"Reminder: {session.DisplayTitle}, {SessionTimes.ShortDay(session.LocalStart, lang)} at {SessionTimes.Clock(session.LocalStart, lang)}");
        var intro = soon
            ? T(lang, $"Le webinaire commence dans {SessionTimes.Lead(lead, lang)} :", $"The webinar starts in {SessionTimes.Lead(lead, lang)}:")
            : T(lang, "Petit rappel : vous êtes inscrit·e au webinaire", "A quick reminder: you are registered for the webinar");
        return Compose(session, registration, subject, [intro],
            [T(lang, "Un empêchement ? Libérez votre place avec le lien en bas de ce message.", "Can't make it? Free your seat with the link at the bottom of this message.")],
            withJoinLink: true, "event-reminder", calendar: null);
    }

    /// <summary>The replay, worded for those who attended, those who missed it, and those we do not know about.</summary>
    public MailMessage Replay(EventSession session, Registration registration, string replayUrl)
    {
        var lang = registration.Language;
        var intro = registration.Attended switch
        {
            true => T(lang, "Merci d'avoir participé au webinaire ! Pour revoir un passage ou le partager, voici le replay :", "Thank you for attending the webinar! To watch a part again or share it, here is the replay:"),
            false => T(lang, "Vous n'avez pas pu être des nôtres : voici le replay du webinaire, à regarder quand vous voulez :", "You could not make it: here is the webinar's replay, to watch whenever you like:"),
            null => T(lang, "Que vous l'ayez suivi en direct ou manqué, voici le replay du webinaire :", "Whether you attended live or missed it, here is the webinar's replay:"),
        };
        var subject = registration.Attended == false
            ? T(lang, $"Vous l'avez manqué ? Le replay : {session.DisplayTitle}", $"Missed it? The replay: {session.DisplayTitle}")
            : T(lang, $"Le replay : {session.DisplayTitle}", $"The replay: {session.DisplayTitle}");
        var button = T(lang, "Voir le replay", "Watch the replay");
        return Compose(session, registration, subject, [intro], [], withJoinLink: false, "event-replay", calendar: null,
            withCalendarLinks: false, withManageLink: false, action: new MailLink(button, replayUrl));
    }

    public InviteAttendee Attendee(EventSession session, Registration registration) =>
        new(registration.Email, registration.FirstName, registration.Language, links.ManageRegistration(session.Id, registration.ContactKey, registration.Language));

    private static CalendarPart Invite(string method, string content) => new(method, content, method == InviteBuilder.Cancel ? "cancel.ics" : "invite.ics");

    private MailMessage Compose(
        EventSession session,
        Registration registration,
        string subject,
        IReadOnlyList<string> before,
        IReadOnlyList<string> after,
        bool withJoinLink,
        string category,
        CalendarPart? calendar,
        bool withCalendarLinks = true,
        bool withManageLink = true,
        MailLink? action = null)
    {
        var lang = registration.Language;
        var greeting = string.IsNullOrWhiteSpace(registration.FirstName) ? T(lang, "Bonjour,", "Hello,") : T(lang, $"Bonjour {registration.FirstName},", $"Hello {registration.FirstName},");
        var when = SessionTimes.When(session, lang);
        var join = withJoinLink ? new MailLink(T(lang, "Rejoindre le webinaire", "Join the webinar"), session.JoinUrl) : null;
        var button = action ?? join;
        var manageUrl = links.ManageRegistration(session.Id, registration.ContactKey, lang);
        var details = withJoinLink
            ? InviteBuilder.InviteDescription(session, lang, manageUrl)
            : InviteBuilder.PublicDescription(session, links.SessionPage(session.Id, lang), lang);
        var location = withJoinLink ? session.JoinUrl : links.SessionPage(session.Id, lang);
        var calendarLinks = withCalendarLinks
            ? new MailLink[]
            {
                new(T(lang, "Ajouter à Google Agenda", "Add to Google Calendar"), CalendarLinks.Google(session, details, location)),
                new(T(lang, "Ajouter à Outlook", "Add to Outlook"), CalendarLinks.Outlook(session, details, location)),
                new(T(lang, "Fichier .ics (Apple, Outlook…)", ".ics file (Apple, Outlook…)"), links.CalendarFile(session.Id)),
            }
            : [];
        var manage = withManageLink ? new MailLink(T(lang, "Je ne pourrai pas venir : annuler mon inscription", "I can't make it: cancel my registration"), manageUrl) : null;

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"").Append(lang).Append("\"><body style=\"font-family:Arial,sans-serif;color:#1b1f24;line-height:1.5\">")
            .Append("<p>").Append(Encode(greeting)).Append("</p>");
        foreach (var line in before) html.Append("<p>").Append(Encode(line)).Append("</p>");
        html.Append("<h2 style=\"color:#123a6b;font-size:20px\">").Append(Encode(session.DisplayTitle)).Append("</h2>")
            .Append("<p><strong>").Append(Encode(when)).Append("</strong></p>");
        if (button is { } b)
            html.Append("<p><a href=\"").Append(Encode(b.Url)).Append("\" style=\"background:#123a6b;color:#fff;padding:10px 16px;border-radius:4px;text-decoration:none\">")
                .Append(Encode(b.Label)).Append("</a></p>");
        foreach (var line in after) html.Append("<p>").Append(Encode(line)).Append("</p>");
        if (calendarLinks.Length > 0)
            html.Append("<p>").Append(string.Join(" · ", calendarLinks.Select(l => $"<a href=\"{Encode(l.Url)}\" style=\"color:#123a6b\">{Encode(l.Label)}</a>"))).Append("</p>");
        html.Append("<p style=\"font-size:12px;color:#566070\"><a href=\"").Append(Encode(links.SessionPage(session.Id, lang))).Append("\" style=\"color:#566070\">")
            .Append(T(lang, "Page du webinaire", "Webinar page")).Append("</a>");
        if (manage is { } m) html.Append(" · <a href=\"").Append(Encode(m.Url)).Append("\" style=\"color:#566070\">").Append(Encode(m.Label)).Append("</a>");
        html.Append("</p></body></html>");

        var text = new StringBuilder();
        text.Append(greeting).Append("\n\n");
        foreach (var line in before) text.Append(line).Append('\n');
        text.Append('\n').Append(session.DisplayTitle).Append('\n').Append(when).Append("\n\n");
        if (button is { } tb) text.Append(tb.Label).Append(" : ").Append(tb.Url).Append("\n\n");
        foreach (var line in after) text.Append(line).Append("\n\n");
        foreach (var link in calendarLinks) text.Append(link.Label).Append(" : ").Append(link.Url).Append('\n');
        if (calendarLinks.Length > 0) text.Append('\n');
        text.Append(T(lang, "Page du webinaire", "Webinar page")).Append(" : ").Append(links.SessionPage(session.Id, lang)).Append('\n');
        if (manage is { } tm) text.Append(tm.Label).Append(" : ").Append(tm.Url).Append('\n');

        return new MailMessage
        {
            To = new MailAddress(registration.Email, registration.FirstName),
            Subject = subject,
            Html = html.ToString(),
            Text = text.ToString(),
            Calendar = calendar,
            Categories = [category],
            CustomArgs = new Dictionary<string, string> { ["sessionId"] = session.Id },
        };
    }
}

/// <summary>A labelled link in a mail: the main button, a calendar link, the manage link.</summary>
public sealed record MailLink(string Label, string Url);
