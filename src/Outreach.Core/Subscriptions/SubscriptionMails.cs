using Outreach.Core.Audiences;
using Outreach.Core.Mail;
using Outreach.Core.Mail.Templates;
using Outreach.Core.Newsletters;

namespace Outreach.Core.Subscriptions;

/// <summary>
/// The confirmation mail (transactional) and the welcome mail (marketing, with the full footer and headers), rendered
/// from the <c>confirmation</c> and <c>welcome</c> mail templates.
/// </summary>
public sealed class SubscriptionMails(SubscriptionLinks links, MarketingHeaders headers, MailTemplateRenderer renderer)
{
    public Task<MailMessage> ConfirmationAsync(Contact contact, IReadOnlyList<Audience> audiences, string language, CancellationToken cancellationToken = default) =>
        LinkMailAsync(contact, language, SubscriptionMailTemplates.Confirmation, audiences.Select(a => a.DisplayName(language)), links.Confirm(contact.ContactKey, language), "confirmation", cancellationToken);

    /// <summary>A fresh preference-centre link, asked for from a page reached through an expired one (transactional).</summary>
    public Task<MailMessage> PreferencesLinkAsync(Contact contact, string language, CancellationToken cancellationToken = default) =>
        LinkMailAsync(contact, language, SubscriptionMailTemplates.PreferencesLink, [], links.Preferences(contact.ContactKey, language), "preferences-link", cancellationToken);

    public async Task<MailMessage> WelcomeAsync(Contact contact, IReadOnlyList<Audience> confirmed, string language, CancellationToken cancellationToken = default)
    {
        var unsubscribeUrl = links.Unsubscribe(contact.ContactKey, "*", language);
        var names = confirmed.Select(a => a.DisplayName(language)).ToList();
        var footer = new MailFooter(unsubscribeUrl, links.Preferences(contact.ContactKey, language), string.Join(", ", names));
        var variables = SubscriptionMailTemplates.Variables(contact.FirstName, names, actionUrl: "", language);
        var mail = await renderer.RenderAsync(SubscriptionMailTemplates.Welcome, language, variables, footer, cancellationToken);
        var first = confirmed[0];
        return new MailMessage
        {
            To = new MailAddress(contact.Email, contact.FirstName),
            Subject = mail.Subject,
            Html = mail.Html,
            Text = mail.Text,
            Headers = headers.For(unsubscribeUrl, first.Id, first.Name),
            Categories = ["welcome"],
        };
    }

    /// <summary>A transactional mail whose point is one link (<c>links.action</c>), about the lists named (if any).</summary>
    private async Task<MailMessage> LinkMailAsync(
        Contact contact, string language, string template, IEnumerable<string> lists, string url, string category, CancellationToken cancellationToken)
    {
        var variables = SubscriptionMailTemplates.Variables(contact.FirstName, lists, url, language);
        var mail = await renderer.RenderAsync(template, language, variables, cancellationToken: cancellationToken);
        return new MailMessage
        {
            To = new MailAddress(contact.Email, contact.FirstName),
            Subject = mail.Subject,
            Html = mail.Html,
            Text = mail.Text,
            Categories = [category],
        };
    }
}

/// <summary>The subscription mail templates, what they see, and the sample an edited one must render.</summary>
public sealed class SubscriptionMailTemplates : IMailTemplateFamily
{
    public const string Confirmation = "confirmation";
    public const string Welcome = "welcome";
    public const string PreferencesLink = "preferences-link";

    public IReadOnlyList<MailTemplateKind> Kinds { get; } =
    [
        new(Confirmation, "Double opt-in: the link that confirms every pending list", language => Sample(language, "https://outreach.example.org/api/subscriptions/confirm?token=sample")),
        new(Welcome, "Sent once the address is confirmed (with the preferences and unsubscribe footer)", language => Sample(language, ""), Marketing: true),
        new(PreferencesLink, "A fresh preference-centre link, asked for from a page reached through an expired one", language => Sample(language, "https://outreach.example.org/api/preferences?token=sample")),
    ];

    /// <summary><c>subscriber</c> (first_name, greeting), <c>lists</c> (names), <c>links.action</c> (the link the mail is for).</summary>
    public static Dictionary<string, object?> Variables(string? firstName, IEnumerable<string> lists, string actionUrl, string language) => new()
    {
        ["subscriber"] = Recipients.Named(firstName, language),
        ["lists"] = lists.ToList(),
        ["links"] = new Dictionary<string, object?> { ["action"] = actionUrl },
    };

    private static Dictionary<string, object?> Sample(string language, string actionUrl) =>
        Variables("Marie", ["La Newsletter", "La quotidienne"], actionUrl, language);
}
