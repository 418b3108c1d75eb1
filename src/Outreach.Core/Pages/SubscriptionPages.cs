using System.Text;
using Outreach.Core.Audiences;
using Outreach.Core.Security;
using Outreach.Core.Subscriptions;
using static Outreach.Core.Pages.Html;

namespace Outreach.Core.Pages;

/// <summary>What the sign-up form shows: lists, preselection, previous values and errors after a failed post.</summary>
public sealed record SignupFormModel(
    string Language,
    IReadOnlyList<Audience> Audiences,
    IReadOnlyCollection<string> Selected,
    string? Email = null,
    string? FirstName = null,
    ValidationErrors? Errors = null);

/// <summary>The public pages of the subscription journey, in French or English. Every user value is HTML-encoded.</summary>
public sealed class SubscriptionPages(SubscriptionLinks links)
{
    public string Signup(SignupFormModel model) =>
        PageLayout.Render(model.Language, T(model.Language, "Inscription aux lettres d'information", "Subscribe to our newsletters"),
            Intro(model.Language) + SignupForm(model, SubscriptionLinks.Local("subscriptions")), AlternateUrl("signup", model.Language));

    /// <summary>The form alone, with an absolute action URL, for pasting into another site.</summary>
    public string SignupSnippet(SignupFormModel model) => $"<style>{PageLayout.Styles}</style>\n" + SignupForm(model, links.Api("subscriptions"));

    public string CheckInbox(string language) =>
        PageLayout.Render(language, T(language, "Vérifiez votre boîte mail", "Check your inbox"),
            $"<p>{T(language, "Si votre adresse peut recevoir nos lettres, un message de confirmation vient de vous être envoyé. Cliquez sur le lien qu'il contient pour confirmer votre inscription.", "If your address can receive our newsletters, a confirmation message is on its way. Click the link it contains to confirm your subscription.")}</p>"
            + $"<p>{T(language, "Pensez à regarder dans les courriers indésirables. Le lien est valable 7 jours.", "Remember to look in your spam folder. The link is valid for 7 days.")}</p>");

    /// <summary>What the confirmation link opens: one button whose POST confirms (a link scanner's GET changes nothing).</summary>
    public string ConfirmPrompt(string language, string token) =>
        PageLayout.Render(language, T(language, "Confirmer votre inscription", "Confirm your subscription"),
            $"<p>{T(language, "Un clic pour confirmer que cette adresse veut recevoir les lettres choisies.", "One click to confirm that this address wants the newsletters chosen.")}</p>"
            + $"<form method=\"post\" action=\"{Encode(SubscriptionLinks.Local($"subscriptions/confirm?token={Uri.EscapeDataString(token)}{(language == "en" ? "&lang=en" : "")}"))}\">"
            + $"<button type=\"submit\">{T(language, "Je confirme mon inscription", "Confirm my subscription")}</button></form>"
            + $"<p><small>{T(language, "Si vous n'êtes pas à l'origine de cette demande, fermez simplement cette page : rien ne sera fait.", "If you did not ask for this, just close this page: nothing will happen.")}</small></p>");

    /// <summary>An expired preference link: says so and offers a fresh one, mailed to the address it was made for.</summary>
    public string PreferencesLinkExpired(string language, string token) =>
        PageLayout.Render(language, T(language, "Lien expiré", "Link expired"),
            $"<p class=\"errors\" role=\"alert\">{T(language, "Ce lien vers vos préférences a expiré : chaque message que nous envoyons en contient un nouveau.", "This link to your preferences has expired: every message we send carries a fresh one.")}</p>"
            + $"<p>{T(language, "Nous pouvons envoyer un nouveau lien à l'adresse pour laquelle celui-ci a été créé.", "We can send a new link to the address this one was made for.")}</p>"
            + $"<form method=\"post\" action=\"{Encode(SubscriptionLinks.Local($"preferences/new-link?token={Uri.EscapeDataString(token)}{(language == "en" ? "&lang=en" : "")}"))}\">"
            + $"<button type=\"submit\">{T(language, "M'envoyer un nouveau lien", "Send me a new link")}</button></form>");

    public string PreferencesLinkSent(string language) =>
        PageLayout.Render(language, T(language, "Vérifiez votre boîte mail", "Check your inbox"),
            $"<p class=\"notice\" role=\"status\">{T(language, "Si cette adresse peut encore recevoir nos messages, un nouveau lien vers vos préférences vient de lui être envoyé.", "If this address can still receive our mail, a new link to your preferences is on its way to it.")}</p>");

    public string Confirmed(string language, IReadOnlyList<Audience> confirmed, string contactKeyForPreferences) =>
        PageLayout.Render(language, T(language, "Inscription confirmée", "Subscription confirmed"),
            $"<p class=\"notice\" role=\"status\">{T(language, "Merci, votre adresse est confirmée. Vous recevrez :", "Thank you, your address is confirmed. You will receive:")}</p>"
            + AudienceList(confirmed, language)
            + $"<p><a href=\"{Encode(OnPage(links.Preferences(contactKeyForPreferences, language)))}\">{T(language, "Gérer mes préférences", "Manage my preferences")}</a></p>");

    public string InvalidLink(string language, TokenCheck check)
    {
        var reason = check switch
        {
            TokenCheck.Expired => T(language, "Ce lien a expiré ou ne correspond plus à aucune inscription.", "This link has expired or no longer matches a subscription."),
            TokenCheck.WrongPurpose => T(language, "Ce lien n'est pas fait pour cette page.", "This link is not meant for this page."),
            _ => T(language, "Ce lien est incomplet ou a été modifié.", "This link is incomplete or has been altered."),
        };
        return PageLayout.Render(language, T(language, "Lien non valable", "Invalid link"),
            $"<p class=\"errors\" role=\"alert\">{reason}</p><p>{T(language, "Vous pouvez vous inscrire à nouveau :", "You can sign up again:")} <a href=\"{Encode(OnPage(links.Signup(null, language)))}\">{T(language, "formulaire d'inscription", "sign-up form")}</a>.</p>");
    }

    public string Unsubscribe(string language, UnsubscribeView view, string token)
    {
        var what = view.Everything
            ? T(language, "toutes nos lettres d'information", "all our newsletters")
            : string.Join(", ", view.Audiences.Select(a => "« " + Encode(a.DisplayName(language)) + " »"));
        return PageLayout.Render(language, T(language, "Se désinscrire", "Unsubscribe"),
            $"<p>{T(language, "Adresse", "Address")} : <strong>{Encode(view.Contact.Email)}</strong></p>"
            + $"<p>{T(language, "Vous ne recevrez plus", "You will no longer receive")} {what}.</p>"
            + $"<form method=\"post\" action=\"{Encode(SubscriptionLinks.Local($"unsubscribe?token={Uri.EscapeDataString(token)}{(language == "en" ? "&lang=en" : "")}"))}\">"
            + $"<button type=\"submit\">{T(language, "Confirmer la désinscription", "Confirm unsubscribe")}</button></form>"
            + $"<p><a href=\"{Encode(OnPage(links.Preferences(view.Contact.ContactKey, language)))}\">{T(language, "Plutôt changer mes préférences", "Change my preferences instead")}</a></p>");
    }

    public string Unsubscribed(string language, UnsubscribeView view) =>
        PageLayout.Render(language, T(language, "Désinscription enregistrée", "You are unsubscribed"),
            $"<p class=\"notice\" role=\"status\">{T(language, "C'est fait : vous ne recevrez plus", "Done: you will no longer receive")} "
            + (view.Everything ? T(language, "nos lettres d'information", "our newsletters") : string.Join(", ", view.Audiences.Select(a => "« " + Encode(a.DisplayName(language)) + " »")))
            + ".</p>"
            + $"<p><a href=\"{Encode(OnPage(links.Preferences(view.Contact.ContactKey, language)))}\">{T(language, "Gérer mes préférences", "Manage my preferences")}</a></p>");

    public string Preferences(string language, PreferencesView view, string token, string? notice = null)
    {
        var body = new StringBuilder();
        if (notice is not null) body.Append("<p class=\"notice\" role=\"status\">").Append(Encode(notice)).Append("</p>");
        body.Append("<p>").Append(T(language, "Adresse", "Address")).Append(" : <strong>").Append(Encode(view.Contact.Email)).Append("</strong></p>");
        if (view.Suppressed)
            body.Append("<p class=\"errors\">").Append(T(language, "Cette adresse ne peut plus recevoir nos envois (rejet ou signalement).", "This address can no longer receive our mail (bounce or complaint).")).Append("</p>");
        var action = Encode(SubscriptionLinks.Local($"preferences?token={Uri.EscapeDataString(token)}{(language == "en" ? "&lang=en" : "")}"));
        body.Append("<form method=\"post\" action=\"").Append(action).Append("\"><fieldset><legend>")
            .Append(T(language, "Mes lettres", "My newsletters")).Append("</legend>");
        foreach (var (audience, status) in view.Lists)
        {
            var id = "aud-" + audience.Id;
            var state = status switch
            {
                MemberStatus.Confirmed => T(language, "abonné·e", "subscribed"),
                MemberStatus.Pending => T(language, "en attente de confirmation", "awaiting confirmation"),
                _ => T(language, "non abonné·e", "not subscribed"),
            };
            body.Append("<div class=\"choice\"><input type=\"checkbox\" name=\"audiences\" value=\"").Append(Encode(audience.Id)).Append("\" id=\"").Append(Encode(id)).Append('"')
                .Append(status is MemberStatus.Confirmed or MemberStatus.Pending ? " checked" : "").Append("><label for=\"").Append(Encode(id)).Append("\">")
                .Append(Encode(audience.DisplayName(language))).Append(" <small>").Append(Encode(state)).Append(" — ").Append(Encode(audience.DisplayDescription(language))).Append("</small></label></div>");
        }

        body.Append("</fieldset><button type=\"submit\" name=\"action\" value=\"save\">").Append(T(language, "Enregistrer mes choix", "Save my choices")).Append("</button> ")
            .Append("<button type=\"submit\" name=\"action\" value=\"leave-all\" class=\"secondary\">").Append(T(language, "Me désinscrire de tout", "Unsubscribe from everything")).Append("</button></form>");
        return PageLayout.Render(language, T(language, "Mes préférences", "My preferences"), body.ToString());
    }

    private string OnPage(string url) => links.OnPage(url);

    private static string Intro(string language) =>
        $"<p>{T(language, "Choisissez les lettres que vous souhaitez recevoir. Vous recevrez un e-mail pour confirmer votre adresse.", "Choose the newsletters you would like to receive. You will get an e-mail to confirm your address.")}</p>";

    private static string SignupForm(SignupFormModel model, string action)
    {
        var lang = model.Language;
        var errors = model.Errors ?? new ValidationErrors();
        var html = new StringBuilder();
        if (!errors.IsValid)
        {
            html.Append("<div class=\"errors\" role=\"alert\"><p>").Append(T(lang, "Merci de corriger :", "Please correct:")).Append("</p><ul>");
            foreach (var (field, messages) in errors)
                html.Append("<li>").Append(Encode(FieldLabel(field, lang))).Append(" : ").Append(Encode(FieldMessage(field, lang) ?? string.Join(" ", messages))).Append("</li>");
            html.Append("</ul></div>");
        }

        html.Append("<form method=\"post\" action=\"").Append(Encode(action + (lang == "en" ? "?lang=en" : ""))).Append("\" accept-charset=\"utf-8\">")
            .Append("<input type=\"hidden\" name=\"lang\" value=\"").Append(lang).Append("\">")
            .Append("<label for=\"email\">").Append(T(lang, "Adresse e-mail", "E-mail address")).Append("</label>")
            .Append("<input type=\"email\" id=\"email\" name=\"email\" required maxlength=\"254\" autocomplete=\"email\" value=\"").Append(Encode(model.Email)).Append("\">")
            .Append("<label for=\"firstName\">").Append(T(lang, "Prénom (facultatif)", "First name (optional)")).Append("</label>")
            .Append("<input type=\"text\" id=\"firstName\" name=\"firstName\" maxlength=\"100\" autocomplete=\"given-name\" value=\"").Append(Encode(model.FirstName)).Append("\">")
            .Append("<fieldset><legend>").Append(T(lang, "Mes lettres", "My newsletters")).Append("</legend>");
        foreach (var audience in model.Audiences)
        {
            var id = "aud-" + audience.Id;
            html.Append("<div class=\"choice\"><input type=\"checkbox\" name=\"audiences\" value=\"").Append(Encode(audience.Id)).Append("\" id=\"").Append(Encode(id)).Append('"')
                .Append(model.Selected.Contains(audience.Id) ? " checked" : "").Append("><label for=\"").Append(Encode(id)).Append("\">")
                .Append(Encode(audience.DisplayName(lang))).Append("<small>").Append(Encode(audience.DisplayDescription(lang))).Append("</small></label></div>");
        }

        html.Append("</fieldset>")
            .Append("<div class=\"hp\" aria-hidden=\"true\"><label for=\"website\">Website</label><input type=\"text\" id=\"website\" name=\"website\" tabindex=\"-1\" autocomplete=\"off\"></div>")
            .Append("<div class=\"choice\"><input type=\"checkbox\" id=\"consent\" name=\"consent\" required><label for=\"consent\">")
            .Append(Encode(ConsentWording.Text(lang))).Append("</label></div>")
            .Append("<input type=\"hidden\" name=\"source\" value=\"signup-form\">")
            .Append("<button type=\"submit\">").Append(T(lang, "Je m'inscris", "Subscribe")).Append("</button></form>")
            .Append("<footer>").Append(T(lang, "Vos données servent uniquement à vous envoyer les lettres choisies. Chaque message contient un lien de désinscription.", "Your data is only used to send you the newsletters you chose. Every message has an unsubscribe link.")).Append("</footer>");
        return html.ToString();
    }

    private static string AlternateUrl(string path, string language) => SubscriptionLinks.Local(path + (language == "en" ? "" : "?lang=en"));

    private static string FieldLabel(string field, string language) => field switch
    {
        "email" => T(language, "Adresse e-mail", "E-mail address"),
        "firstName" => T(language, "Prénom", "First name"),
        "audiences" => T(language, "Lettres", "Newsletters"),
        "consent" => T(language, "Consentement", "Consent"),
        _ => field,
    };

    /// <summary>The French wording of a field's error on the form (the API's problem details stay in English).</summary>
    private static string? FieldMessage(string field, string language) => language != Language.French ? null : field switch
    {
        "email" => "saisissez une adresse e-mail valide (par exemple prenom@exemple.fr).",
        "firstName" => "le prénom ne doit contenir ni balise (< >) ni retour à la ligne, et 100 caractères au plus.",
        "audiences" => "choisissez au moins une lettre dans la liste.",
        "consent" => "cochez la case de consentement pour vous inscrire.",
        "form" => "le formulaire envoyé est trop volumineux.",
        _ => null,
    };

    private static string AudienceList(IReadOnlyList<Audience> audiences, string language) =>
        "<ul>" + string.Concat(audiences.Select(a => $"<li>{Encode(a.DisplayName(language))}</li>")) + "</ul>";
}
