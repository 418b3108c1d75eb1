using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Outreach.Core.Delivery;

/// <summary>Registers the Delivery capability's services; called once by AddOutreachCore.</summary>
public static class DeliveryRegistration
{
    public static IServiceCollection AddDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        return services;
    }
}
