using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Outreach.Core.Accounts;
using Outreach.Core.Audiences;
using Outreach.Core.Campaigns;
using Outreach.Core.Common.Configuration;
using Outreach.Core.Common.Links;
using Outreach.Core.Common.Storage;
using Outreach.Core.Events;
using Outreach.Core.Mail;
using Outreach.Core.Mail.Templates;
using Outreach.Core.Newsletters;
using Outreach.Core.Pages;
using Outreach.Core.Pages.Rendering;
using Outreach.Core.Subscriptions;

namespace Outreach.Core;

/// <summary>Registers the whole domain; the Functions app and the DevHost both call this and nothing else.</summary>
public static class OutreachServiceCollectionExtensions
{
    public static IServiceCollection AddOutreachCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<OutreachOptions>(configuration);
        services.AddValidatedOptions<StorageOptions>(configuration.GetSection(StorageOptions.Section));
        services.AddValidatedOptions<MailOptions>(configuration.GetSection(MailOptions.Section));
        services.AddValidatedOptions<SendGridOptions>(configuration.GetSection(SendGridOptions.Section));
        services.AddValidatedOptions<TokenOptions>(configuration.GetSection(TokenOptions.Section));
        services.AddValidatedOptions<AdminOptions>(configuration.GetSection(AdminOptions.Section));
        services.AddValidatedOptions<PrivacyOptions>(configuration.GetSection(PrivacyOptions.Section));

        services.AddSingleton<IValidateOptions<MailOptions>, MailTransportCheck>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<StorageOperations>();
        services.AddSingleton<StorageAccount>();
        services.AddSingleton<QueuedPayloads>();
        services.AddSingleton<CrashPoints>();
        services.AddHttpClient();

        AddMail(services, configuration);
        services.AddSingleton<LinkTokens>();
        services.AddSingleton<AudienceStore>();
        services.AddSingleton<AudienceService>();
        services.AddSingleton<AudienceMembers>();
        services.AddSingleton<AudienceCounters>();
        services.AddSingleton<AudienceCountReconciliation>();
        services.AddSingleton<SuppressionKeys>();
        services.AddSingleton<MembershipStore>();
        services.AddSingleton<ContactStore>();
        services.AddSingleton<ConsentStore>();
        services.AddSingleton<SuppressionStore>();
        services.AddSingleton<PublicUrls>();
        services.AddSingleton<SubscriptionLinks>();
        services.AddSingleton<SubscriptionMails>();
        services.AddSingleton<IMailTemplateFamily, SubscriptionMailTemplates>();
        services.AddSingleton<SignupQueue>();
        services.AddSingleton<SubscriptionService>();
        services.AddSingleton<PreferenceService>();
        services.AddSingleton<OptOuts>();
        services.AddSingleton<LinkMailAllowance>();
        services.AddSingleton<SubscriberImport>();
        services.AddSingleton<SubscriberExport>();
        services.AddSingleton<SubscriberPrivacy>();
        services.AddSingleton<UnconfirmedPurge>();
        services.AddSingleton<PrivacyKeyMigration>();
        services.AddSingleton<LegacyContactRows>();
        services.AddSingleton<ContactKeyMigration>();
        services.AddSingleton<Outreach.Core.Privacy.PersonalData>();
        services.AddSingleton<PageRenderer>();
        services.AddSingleton<SubscriptionPages>();
        services.AddSingleton<SignupFormModels>();

        services.AddAudiences();
        services.AddDelivery(configuration);
        services.AddNewsletters(configuration);
        services.AddEvents(configuration);
        services.AddSingleton<Outreach.Core.Calendar.OutgoingCalendar>();
        services.AddAccounts(configuration);
        return services;
    }

    private static void AddMail(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<MarketingHeaders>();
        services.AddSingleton<OutboxMailSender>();
        services.AddSingleton<OutboxReader>();
        services.AddSingleton<MailQueue>();
        services.AddSingleton<MailTemplateStore>();
        services.AddSingleton<IMailTemplateSource>(provider => provider.GetRequiredService<MailTemplateStore>());
        services.AddSingleton<MailTemplateCatalog>();
        services.AddSingleton<MailTemplateRenderer>();
        services.AddSingleton<MailTemplateService>();
        services.AddSingleton<SendGridMailSender>();
        services.AddSingleton<IMailSender>(provider =>
            provider.GetRequiredService<IOptions<MailOptions>>().Value.Transport == "SendGrid"
                ? provider.GetRequiredService<SendGridMailSender>()
                : provider.GetRequiredService<OutboxMailSender>());
    }

    private static void AddValidatedOptions<T>(this IServiceCollection services, IConfiguration section) where T : class
    {
        services.AddOptions<T>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
    }
}
