using Microsoft.Extensions.Options;
using Outreach.Core.Common.Configuration;
using Outreach.Core.Events.Mails;
using Outreach.Core.Mail.Templates;
using Outreach.Core.Newsletters;
using Outreach.Core.Subscriptions;

namespace Outreach.UnitTests.Mail;

/// <summary>The mail template renderer on the shipped files (no storage), and the catalog of every mail template.</summary>
internal static class MailTestKit
{
    public static LiquidTemplates Liquid { get; } = new();

    public static MailTemplateRenderer Renderer() =>
        new(new ShippedMailTemplateSource(), Liquid, Options.Create(new OutreachOptions()), Options.Create(new NewsletterOptions()));

    public static MailTemplateCatalog Catalog() => new([new SubscriptionMailTemplates(), new EventMailTemplates()]);

    /// <summary>The checks an edited template goes through (no store is touched by them).</summary>
    public static MailTemplateService Checks() => new(null!, Catalog(), Renderer(), Liquid);
}
