using Microsoft.Extensions.Options;
using Outreach.Core.Audiences;
using Outreach.Core.Common.Configuration;
using Outreach.Core.Common.Localization;
using Outreach.Core.Mail;
using Outreach.Core.Pages;

namespace Outreach.Core.Subscriptions;

/// <summary>The confirmation mail (transactional) and the welcome mail (marketing, with the full footer and headers).</summary>
public sealed class SubscriptionMails(SubscriptionLinks links, MarketingHeaders headers, IOptions<OutreachOptions> options)
{
    public MailMessage Confirmation(Contact contact, IReadOnlyList<Audience> audiences, string language)
    {
        var confirmUrl = links.Confirm(contact.ContactKey, language);
        var names = audiences.Select(a => a.DisplayName(language)).ToList();
        var greeting = Greeting(contact.FirstName, language);
        var subject = Language.T(language, "Confirmez votre inscription", "Please confirm your subscription");
        var intro = Language.T(language, "Pour recevoir les lettres suivantes, confirmez votre adresse :", "To receive the following newsletters, please confirm your address:");
        var button = Language.T(language, "Je confirme mon inscription", "Confirm my subscription");
        var ignore = Language.T(language,
            "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : vous ne recevrez rien.",
            "If you did not ask for this, ignore this message: you will receive nothing.");

        var html = $"""
            <!DOCTYPE html><html lang="{language}"><body style="font-family:Arial,sans-serif;color:#1b1f24">
            <p>{Html.Encode(greeting)}</p>
            <p>{Html.Encode(intro)}</p>
            <ul>{string.Concat(names.Select(n => $"<li>{Html.Encode(n)}</li>"))}</ul>
            <p><a href="{Html.Encode(confirmUrl)}" style="background:#123a6b;color:#fff;padding:10px 16px;border-radius:4px;text-decoration:none">{Html.Encode(button)}</a></p>
            <p style="font-size:12px;color:#566070">{Html.Encode(ignore)}</p>
            </body></html>
            """;
        var text = $"{greeting}\n\n{intro}\n{string.Concat(names.Select(n => $"- {n}\n"))}\n{button} : {confirmUrl}\n\n{ignore}\n";
        return new MailMessage
        {
            To = new MailAddress(contact.Email, contact.FirstName),
            Subject = subject,
            Html = html,
            Text = text,
            Categories = ["confirmation"],
        };
    }

    public MailMessage Welcome(Contact contact, IReadOnlyList<Audience> confirmed, string language)
    {
        var unsubscribeUrl = links.Unsubscribe(contact.ContactKey, "*", language);
        var preferencesUrl = links.Preferences(contact.ContactKey, language);
        var names = confirmed.Select(a => a.DisplayName(language)).ToList();
        var listName = string.Join(", ", names);
        var greeting = Greeting(contact.FirstName, language);
        var subject = Language.T(language, "Bienvenue ! Votre inscription est confirmée", "Welcome! Your subscription is confirmed");
        var intro = Language.T(language, "Merci ! Vous recevrez désormais :", "Thank you! From now on you will receive:");
        var postal = options.Value.PostalAddress;

        var html = $"""
            <!DOCTYPE html><html lang="{language}"><body style="font-family:Arial,sans-serif;color:#1b1f24">
            <p>{Html.Encode(greeting)}</p>
            <p>{Html.Encode(intro)}</p>
            <ul>{string.Concat(names.Select(n => $"<li>{Html.Encode(n)}</li>"))}</ul>
            {MarketingFooter.Html(language, listName, unsubscribeUrl, preferencesUrl, postal)}
            </body></html>
            """;
        var text = $"{greeting}\n\n{intro}\n{string.Concat(names.Select(n => $"- {n}\n"))}{MarketingFooter.Text(language, listName, unsubscribeUrl, preferencesUrl, postal)}\n";
        var first = confirmed[0];
        return new MailMessage
        {
            To = new MailAddress(contact.Email, contact.FirstName),
            Subject = subject,
            Html = html,
            Text = text,
            Headers = headers.For(unsubscribeUrl, first.Id, first.Name),
            Categories = ["welcome"],
        };
    }

    private static string Greeting(string? firstName, string language) =>
        string.IsNullOrWhiteSpace(firstName) ? Language.T(language, "Bonjour,", "Hello,") : Language.T(language, $"Bonjour {firstName},", $"Hello {firstName},");
}
