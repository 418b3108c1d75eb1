using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Outreach.Core.Campaigns.Pipeline;
using Outreach.Core.Campaigns.Rendering;
using Outreach.Core.Common.Configuration;
using Outreach.Core.Webhooks.SendGrid;

namespace Outreach.Core.Campaigns;

/// <summary>Registers the Delivery capability's services; called once by AddOutreachCore.</summary>
public static class DeliveryRegistration
{
    public static IServiceCollection AddDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DeliveryOptions>().Bind(configuration.GetSection(DeliveryOptions.Section)).ValidateDataAnnotations()
            .Validate(o => o.SendingLease > o.SendTimeout, "Delivery:SendingLease must be longer than Delivery:SendTimeout.")
            .ValidateOnStart();
        services.AddHttpClient(SendGridCampaignTransport.HttpClientName)
            .ConfigureHttpClient((provider, client) => client.Timeout = provider.GetRequiredService<IOptions<DeliveryOptions>>().Value.SendTimeout);

        services.AddSingleton<CampaignStore>();
        services.AddSingleton<CampaignLedger>();
        services.AddSingleton<DeliveryQueue>();
        services.AddSingleton<DeliveryEventStore>();
        services.AddSingleton<Webhooks.SendGrid.ClickLedger>();
        services.AddSingleton<Reports.CampaignReports>();
        services.AddSingleton<CampaignTemplates>();
        services.AddSingleton<RecipientRecheck>();
        services.AddSingleton<DeliveryLedgerErasure>();
        services.AddSingleton<OutgoingBatchBuilder>();
        services.TryAddSingleton<IPersonalLinks, NoPersonalLinks>();
        services.AddSingleton<SendGridCampaignTransport>();
        services.AddSingleton<OutboxCampaignTransport>();
        services.AddSingleton<ICampaignTransport>(provider =>
            provider.GetRequiredService<IOptions<MailOptions>>().Value.Transport == "SendGrid"
                ? provider.GetRequiredService<SendGridCampaignTransport>()
                : provider.GetRequiredService<OutboxCampaignTransport>());
        services.AddSingleton<CampaignPlanner>();
        services.AddSingleton<BatchSender>();
        services.AddSingleton<CampaignTracker>();
        services.AddSingleton<CampaignDispatcher>();
        services.AddSingleton<CampaignTargeting>();
        services.AddSingleton<Audiences.Segments.IClickEngagement, RecentClickers>();
        services.AddSingleton<CampaignHandOver>();
        services.AddSingleton<CampaignService>();
        services.AddSingleton<WebhookSignature>();
        services.AddSingleton<SendGridEventWebhook>();
        services.AddSingleton<WebhookEventEffects>();
        return services;
    }
}
