using System.Text;
using Outreach.Core.Subscriptions;
using static Outreach.Core.Pages.Html;
using static Outreach.Core.Common.Localization.Language;
using Outreach.Core.Common.Links;
using Outreach.Core.Common.Localization;
using Outreach.Core.Common.Validation;
using Outreach.Core.Events.Calendar;
using Outreach.Core.Events.Registrations;
using Outreach.Core.Events.Sessions;

namespace Outreach.Core.Pages;

/// <summary>What a session page shows: the session, its seats, and the form with previous values and errors.</summary>
public sealed record SessionPageModel(
    string Language,
    EventSession Session,
    EventSeries? Series,
    int? SeatsLeft,
    RegistrationResult? Unavailable,
    string? Email = null,
    string? FirstName = null,
    ValidationErrors? Errors = null,
    bool OfferWaitlist = false);

/// <summary>What a series page shows: its sessions, and the "follow the programme" form.</summary>
public sealed record SeriesPageModel(
    string Language,
    EventSeries Series,
    IReadOnlyList<EventSession> Sessions,
    IReadOnlyCollection<string> OpenSessionIds,
    string? Email = null,
    string? FirstName = null,
    ValidationErrors? Errors = null);

/// <summary>
/// The public pages of webinars and series, in French or English: list, session page with its registration form,
/// series page, confirmations, and the registrant's own cancellation. Plain forms, no script; every value encoded.
/// </summary>
public sealed class EventPages(EventLinks links)
{
    private const string ExtraStyles = "<style>.when{font-size:1.1rem;font-weight:600;color:#123a6b}.sessions{padding-left:1.2rem}.sessions li{margin:.4rem 0}.calendar a{margin-right:1rem}.muted{color:#566070}</style>";

    public string Upcoming(string language, IReadOnlyList<EventSession> sessions)
    {
        var body = new StringBuilder(ExtraStyles);
        if (sessions.Count == 0)
        {
            body.Append("<p>").Append(T(language, "Aucun webinaire n'est programmé pour le moment. Revenez bientôt !", "No webinar is scheduled at the moment. Come back soon!")).Append("</p>");
        }
        else
        {
            body.Append("<ul class=\"sessions\">");
            foreach (var session in sessions)
                body.Append("<li><a href=\"").Append(Encode(links.SessionPage(session.Id, language))).Append("\">").Append(Encode(session.DisplayTitle)).Append("</a><br><span class=\"muted\">")
                    .Append(Encode(SessionTimes.When(session, language))).Append("</span></li>");
            body.Append("</ul>");
        }

        return PageLayout.Render(language, T(language, "Prochains webinaires", "Upcoming webinars"), body.ToString(), links.Api("events?format=html" + (language == "en" ? "" : "&lang=en")));
    }

    public string Session(SessionPageModel model)
    {
        var lang = model.Language;
        var session = model.Session;
        var body = new StringBuilder(ExtraStyles);
        if (model.Series is { } series)
            body.Append("<p class=\"muted\">").Append(T(lang, "Une séance de la série", "A session of the series")).Append(" <a href=\"").Append(Encode(links.SeriesPage(series.Id, lang))).Append("\">")
                .Append(Encode(series.Title)).Append("</a></p>");
        body.Append("<p class=\"when\">").Append(Encode(SessionTimes.When(session, lang))).Append("</p>");
        if (session.IsCancelled) body.Append("<p class=\"errors\" role=\"status\">").Append(T(lang, "Ce webinaire est annulé.", "This webinar is cancelled.")).Append("</p>");
        if (!string.IsNullOrWhiteSpace(session.Description)) body.Append("<p>").Append(Paragraphs(session.Description)).Append("</p>");
        if (!session.IsCancelled) body.Append(CalendarLinksBlock(session, lang));

        if (model.Unavailable is { } reason) body.Append(UnavailableNotice(lang, session, reason));
        else body.Append(SeatsNotice(lang, model.SeatsLeft, session)).Append(RegistrationForm(model));

        return PageLayout.Render(lang, session.DisplayTitle, body.ToString(), links.SessionPage(session.Id, lang == "en" ? "fr" : "en"));
    }

    public string Registered(string language, EventSession session, bool waitlisted)
    {
        var body = new StringBuilder(ExtraStyles);
        body.Append("<p class=\"notice\" role=\"status\">")
            .Append(waitlisted
                ? T(language, "Le webinaire est complet : vous êtes sur la liste d'attente. Si une place se libère, vous recevrez aussitôt l'invitation par e-mail.", "The webinar is full: you are on the waitlist. If a seat frees up, you will get the invitation by e-mail straight away.")
                : T(language, "C'est noté ! Vous allez recevoir un e-mail de confirmation avec l'invitation pour votre agenda et le lien de connexion.", "You're in! You will get a confirmation e-mail with the calendar invitation and the joining link."))
            .Append("</p><p class=\"when\">").Append(Encode(session.DisplayTitle)).Append("<br>").Append(Encode(SessionTimes.When(session, language))).Append("</p>");
        if (!waitlisted) body.Append(CalendarLinksBlock(session, language));
        body.Append("<p>").Append(T(language, "Pensez à regarder dans les courriers indésirables si le message n'arrive pas.", "Remember to look in your spam folder if the message does not arrive.")).Append("</p>")
            .Append("<p><a href=\"").Append(Encode(links.UpcomingPage(language))).Append("\">").Append(T(language, "Voir les autres webinaires", "See the other webinars")).Append("</a></p>");
        return PageLayout.Render(language, waitlisted ? T(language, "Liste d'attente", "Waitlist") : T(language, "Inscription enregistrée", "Registration received"), body.ToString());
    }

    public string Series(SeriesPageModel model)
    {
        var lang = model.Language;
        var body = new StringBuilder(ExtraStyles);
        if (!string.IsNullOrWhiteSpace(model.Series.Description)) body.Append("<p>").Append(Paragraphs(model.Series.Description)).Append("</p>");
        var first = model.Sessions.FirstOrDefault();
        if (first is not null)
            body.Append("<p class=\"when\">").Append(Encode(T(lang, $"Chaque {SessionTimes.Day(first.LocalStart, lang).Split(' ')[0]}, {SessionTimes.Hours(first, lang)} ({SessionTimes.ZoneName(first.TimeZone, lang)})",
                $"Every {SessionTimes.Day(first.LocalStart, lang).Split(' ')[0]}, {SessionTimes.Hours(first, lang)} ({SessionTimes.ZoneName(first.TimeZone, lang)})"))).Append("</p>");
        body.Append("<h2>").Append(T(lang, "Le programme", "The programme")).Append("</h2><ol class=\"sessions\">");
        foreach (var session in model.Sessions)
        {
            body.Append("<li><a href=\"").Append(Encode(links.SessionPage(session.Id, lang))).Append("\">").Append(Encode(SessionTimes.ShortDay(session.LocalStart, lang)))
                .Append(" — ").Append(Encode(session.Topic ?? session.Title)).Append("</a>");
            if (session.IsCancelled) body.Append(" <span class=\"muted\">(").Append(T(lang, "annulée", "cancelled")).Append(")</span>");
            else if (!model.OpenSessionIds.Contains(session.Id)) body.Append(" <span class=\"muted\">(").Append(T(lang, "passée", "past")).Append(")</span>");
            body.Append("</li>");
        }

        body.Append("</ol><p class=\"calendar\"><a href=\"").Append(Encode(links.SeriesCalendarFile(model.Series.Id))).Append("\">")
            .Append(T(lang, "Toutes les séances dans mon agenda (.ics)", "All sessions in my calendar (.ics)")).Append("</a></p>");
        if (model.OpenSessionIds.Count == 0)
            body.Append("<p class=\"notice\" role=\"status\">").Append(T(lang, "Cette série est terminée. Merci à toutes et à tous !", "This series is over. Thank you all!")).Append("</p>");
        else
            body.Append(SeriesForm(model));
        return PageLayout.Render(lang, model.Series.Title, body.ToString(), links.SeriesPage(model.Series.Id, lang == "en" ? "fr" : "en"));
    }

    public string SeriesRegistered(string language, EventSeries series, IReadOnlyList<RegistrationOutcome> outcomes, bool followProgramme)
    {
        var body = new StringBuilder(ExtraStyles);
        body.Append("<p class=\"notice\" role=\"status\">")
            .Append(T(language, "C'est noté ! Vous allez recevoir une invitation par séance : chacune s'ajoute à votre agenda séparément.", "You're in! You will get one invitation per session: each one goes into your calendar separately."))
            .Append("</p>");
        if (outcomes.Count > 0)
        {
            body.Append("<ul class=\"sessions\">");
            foreach (var outcome in outcomes.Where(o => o.Session is not null))
            {
                var session = outcome.Session!;
                body.Append("<li>").Append(Encode(SessionTimes.ShortDay(session.LocalStart, language))).Append(" — ").Append(Encode(session.Topic ?? session.Title))
                    .Append(outcome.Result == RegistrationResult.Waitlisted ? " <span class=\"muted\">(" + T(language, "liste d'attente", "waitlist") + ")</span>" : "").Append("</li>");
            }

            body.Append("</ul>");
        }

        if (followProgramme)
            body.Append("<p>").Append(T(language, "Pour recevoir aussi le programme chaque semaine, confirmez votre adresse avec le lien que nous venons de vous envoyer.", "To also get the programme every week, confirm your address with the link we just sent you.")).Append("</p>");
        body.Append("<p><a href=\"").Append(Encode(links.SeriesPage(series.Id, language))).Append("\">").Append(T(language, "Retour au programme", "Back to the programme")).Append("</a></p>");
        return PageLayout.Render(language, T(language, "Inscription enregistrée", "Registration received"), body.ToString());
    }

    public string NotFound(string language) =>
        PageLayout.Render(language, T(language, "Webinaire introuvable", "Webinar not found"),
            $"<p class=\"errors\" role=\"alert\">{T(language, "Ce webinaire n'existe pas ou plus. Le lien est peut-être incomplet.", "This webinar does not exist (any more). The link may be incomplete.")}</p>"
            + $"<p><a href=\"{Encode(links.UpcomingPage(language))}\">{T(language, "Voir les prochains webinaires", "See the upcoming webinars")}</a></p>");

    /// <summary>A form post that could not register: past, cancelled or started (409/410), shown on the session page.</summary>
    public string Unavailable(string language, EventSession session, RegistrationResult reason) =>
        Session(new SessionPageModel(language, session, null, null, reason));

    public string ManageRegistration(string language, EventSession session, Registration registration, string token)
    {
        var body = new StringBuilder(ExtraStyles);
        body.Append("<p class=\"when\">").Append(Encode(session.DisplayTitle)).Append("<br>").Append(Encode(SessionTimes.When(session, language))).Append("</p>")
            .Append("<p>").Append(T(language, "Adresse", "Address")).Append(" : <strong>").Append(Encode(registration.Email)).Append("</strong></p>");
        if (registration.Status == RegistrationStatus.Cancelled)
        {
            body.Append("<p class=\"notice\" role=\"status\">").Append(T(language, "Votre inscription est déjà annulée.", "Your registration is already cancelled.")).Append("</p>")
                .Append("<p><a href=\"").Append(Encode(links.SessionPage(session.Id, language))).Append("\">").Append(T(language, "Me réinscrire", "Register again")).Append("</a></p>");
        }
        else
        {
            body.Append("<p>").Append(registration.HasSeat
                    ? T(language, "Vous ne pourrez pas venir ? Libérez votre place : elle sera proposée à la liste d'attente.", "Can't make it? Free your seat: it will go to the waitlist.")
                    : T(language, "Vous êtes sur la liste d'attente. Vous pouvez en sortir ici.", "You are on the waitlist. You can leave it here."))
                .Append("</p><form method=\"post\" action=\"").Append(Encode(EventLinks.Local($"events/{session.Id}/registration?token={Uri.EscapeDataString(token)}{(language == "en" ? "&lang=en" : "")}")))
                .Append("\"><button type=\"submit\" class=\"secondary\">").Append(T(language, "Annuler mon inscription", "Cancel my registration")).Append("</button></form>");
        }

        return PageLayout.Render(language, T(language, "Mon inscription", "My registration"), body.ToString());
    }

    public string RegistrationCancelled(string language, EventSession session) =>
        PageLayout.Render(language, T(language, "Inscription annulée", "Registration cancelled"),
            $"<p class=\"notice\" role=\"status\">{T(language, "C'est fait : votre inscription est annulée. Merci de nous avoir prévenus !", "Done: your registration is cancelled. Thank you for letting us know!")}</p>"
            + $"<p>{Encode(session.DisplayTitle)}</p><p><a href=\"{Encode(links.SessionPage(session.Id, language))}\">{T(language, "Me réinscrire", "Register again")}</a></p>");

    public string InvalidLink(string language, TokenCheck check) =>
        PageLayout.Render(language, T(language, "Lien non valable", "Invalid link"),
            $"<p class=\"errors\" role=\"alert\">{(check == TokenCheck.WrongPurpose ? T(language, "Ce lien n'est pas fait pour cette page.", "This link is not meant for this page.") : T(language, "Ce lien est incomplet ou a été modifié.", "This link is incomplete or has been altered."))}</p>"
            + $"<p><a href=\"{Encode(links.UpcomingPage(language))}\">{T(language, "Voir les prochains webinaires", "See the upcoming webinars")}</a></p>");

    /// <summary>A form whose body could not be read (too large, not UTF-8).</summary>
    public string BadForm(string language, string error) =>
        PageLayout.Render(language, T(language, "Formulaire non valable", "Invalid form"), $"<p class=\"errors\" role=\"alert\">{Encode(error)}</p>");

    public static string UnavailableMessage(string language, RegistrationResult reason) => reason switch
    {
        RegistrationResult.Past => T(language, "Ce webinaire a déjà eu lieu : les inscriptions sont closes. Les inscrits recevront le replay.", "This webinar has already taken place: registration is closed. Registrants will get the replay."),
        RegistrationResult.Cancelled => T(language, "Ce webinaire est annulé : il n'est plus possible de s'y inscrire.", "This webinar is cancelled: registration is no longer possible."),
        RegistrationResult.Closed => T(language, "Ce webinaire a commencé : les inscriptions sont closes.", "This webinar has started: registration is closed."),
        RegistrationResult.Full => T(language, "Ce webinaire est complet.", "This webinar is full."),
        _ => T(language, "Les inscriptions à ce webinaire sont closes.", "Registration for this webinar is closed."),
    };

    private static string UnavailableNotice(string language, EventSession session, RegistrationResult reason) =>
        $"<p class=\"errors\" role=\"alert\">{UnavailableMessage(language, reason)}</p>";

    private static string SeatsNotice(string language, int? seatsLeft, EventSession session)
    {
        if (seatsLeft is not { } left) return "";
        if (left > 0) return $"<p class=\"muted\">{(left == 1 ? T(language, "Dernière place disponible.", "Last seat available.") : T(language, $"{left} places disponibles.", $"{left} seats available."))}</p>";
        return session.Waitlist
            ? $"<p class=\"errors\" role=\"status\">{T(language, "Ce webinaire est complet. Inscrivez-vous sur la liste d'attente : si une place se libère, elle vous sera attribuée dans l'ordre d'inscription.", "This webinar is full. Join the waitlist: if a seat frees up, it goes to the waitlist in order of registration.")}</p>"
            : $"<p class=\"errors\" role=\"status\">{T(language, "Ce webinaire est complet.", "This webinar is full.")}</p>";
    }

    private string RegistrationForm(SessionPageModel model)
    {
        var lang = model.Language;
        var session = model.Session;
        var full = model.SeatsLeft is <= 0;
        if (full && !session.Waitlist) return "";
        var html = new StringBuilder(Errors(lang, model.Errors));
        if (model.OfferWaitlist)
            html.Append("<p class=\"errors\" role=\"alert\">").Append(T(lang, "Ce webinaire vient d'être complet. Voulez-vous rejoindre la liste d'attente ?", "This webinar just filled up. Would you like to join the waitlist?")).Append("</p>");
        html.Append("<form method=\"post\" action=\"").Append(Encode(EventLinks.Local($"events/{session.Id}/registrations{(lang == "en" ? "?lang=en" : "")}"))).Append("\" accept-charset=\"utf-8\">")
            .Append("<h2>").Append(full || model.OfferWaitlist ? T(lang, "Rejoindre la liste d'attente", "Join the waitlist") : T(lang, "Je m'inscris", "Register")).Append("</h2>")
            .Append(PersonFields(lang, model.Email, model.FirstName, "event-form"));
        if (full || model.OfferWaitlist) html.Append("<input type=\"hidden\" name=\"waitlist\" value=\"on\">");
        html.Append(ConsentField(lang, "consent", EventConsentWording.Text(lang)))
            .Append("<button type=\"submit\">").Append(full || model.OfferWaitlist ? T(lang, "M'inscrire sur la liste d'attente", "Put me on the waitlist") : T(lang, "Je m'inscris", "Register")).Append("</button></form>");
        return html.ToString();
    }

    private string SeriesForm(SeriesPageModel model)
    {
        var lang = model.Language;
        var html = new StringBuilder(Errors(lang, model.Errors));
        html.Append("<form method=\"post\" action=\"").Append(Encode(EventLinks.Local($"series/{model.Series.Id}/registrations{(lang == "en" ? "?lang=en" : "")}"))).Append("\" accept-charset=\"utf-8\">")
            .Append("<h2>").Append(T(lang, "Suivre le programme", "Follow the programme")).Append("</h2>")
            .Append("<p>").Append(T(lang, "Inscrivez-vous une fois pour toutes les séances à venir : vous recevrez une invitation par séance.", "Register once for every session to come: you will get one invitation per session.")).Append("</p>")
            .Append(PersonFields(lang, model.Email, model.FirstName, "series-form"))
            .Append(ConsentField(lang, "consent", EventConsentWording.Text(lang)))
            .Append("<div class=\"choice\"><input type=\"checkbox\" id=\"followProgramme\" name=\"followProgramme\"><label for=\"followProgramme\">")
            .Append(T(lang, "Recevoir aussi chaque semaine le programme par e-mail, en avant-première (lettre « Les Jeudis de l'ODD 17 », confirmation par e-mail, désinscription en un clic).", "Also get the programme by e-mail every week, first (the “SDG 17 Thursdays” letter, confirmed by e-mail, one-click unsubscribe)."))
            .Append("</label></div>")
            .Append("<button type=\"submit\">").Append(T(lang, "Je m'inscris à toutes les séances", "Register for every session")).Append("</button></form>");
        return html.ToString();
    }

    private static string PersonFields(string lang, string? email, string? firstName, string source) =>
        new StringBuilder()
            .Append("<input type=\"hidden\" name=\"lang\" value=\"").Append(lang).Append("\">")
            .Append("<input type=\"hidden\" name=\"source\" value=\"").Append(source).Append("\">")
            .Append("<label for=\"email\">").Append(T(lang, "Adresse e-mail", "E-mail address")).Append("</label>")
            .Append("<input type=\"email\" id=\"email\" name=\"email\" required maxlength=\"254\" autocomplete=\"email\" value=\"").Append(Encode(email)).Append("\">")
            .Append("<label for=\"firstName\">").Append(T(lang, "Prénom (facultatif)", "First name (optional)")).Append("</label>")
            .Append("<input type=\"text\" id=\"firstName\" name=\"firstName\" maxlength=\"100\" autocomplete=\"given-name\" value=\"").Append(Encode(firstName)).Append("\">")
            .Append("<div class=\"hp\" aria-hidden=\"true\"><label for=\"website\">Website</label><input type=\"text\" id=\"website\" name=\"website\" tabindex=\"-1\" autocomplete=\"off\"></div>")
            .ToString();

    private static string ConsentField(string lang, string name, string wording) =>
        $"<div class=\"choice\"><input type=\"checkbox\" id=\"{name}\" name=\"{name}\" required><label for=\"{name}\">{Encode(wording)}</label></div>";

    private static string Errors(string lang, ValidationErrors? errors)
    {
        if (errors is null || errors.IsValid) return "";
        var html = new StringBuilder("<div class=\"errors\" role=\"alert\"><p>").Append(T(lang, "Merci de corriger :", "Please correct:")).Append("</p><ul>");
        foreach (var (field, messages) in errors)
            foreach (var message in messages) html.Append("<li>").Append(Encode(FieldLabel(field, lang))).Append(" : ").Append(Encode(message)).Append("</li>");
        return html.Append("</ul></div>").ToString();
    }

    private string CalendarLinksBlock(EventSession session, string language)
    {
        var page = links.SessionPage(session.Id, language);
        var details = InviteBuilder.PublicDescription(session, page, language);
        return $"<p class=\"calendar\"><a href=\"{Encode(CalendarLinks.Google(session, details, page))}\">{T(language, "Ajouter à Google Agenda", "Add to Google Calendar")}</a>"
               + $"<a href=\"{Encode(CalendarLinks.Outlook(session, details, page))}\">{T(language, "Ajouter à Outlook", "Add to Outlook")}</a>"
               + $"<a href=\"{Encode(links.CalendarFile(session.Id))}\">{T(language, "Fichier .ics", ".ics file")}</a></p>";
    }

    private static string Paragraphs(string text) => Encode(text.Trim()).Replace("\r\n", "\n").Replace("\n\n", "</p><p>").Replace("\n", "<br>");

    private static string FieldLabel(string field, string language) => field switch
    {
        "email" => T(language, "Adresse e-mail", "E-mail address"),
        "firstName" => T(language, "Prénom", "First name"),
        "consent" => T(language, "Consentement", "Consent"),
        "form" => T(language, "Formulaire", "Form"),
        _ => field,
    };
}
