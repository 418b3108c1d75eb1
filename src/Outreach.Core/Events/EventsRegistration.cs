using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Outreach.Core.Events;

/// <summary>Registers the Events capability's services; called once by AddOutreachCore.</summary>
public static class EventsRegistration
{
    public static IServiceCollection AddEvents(this IServiceCollection services, IConfiguration configuration)
    {
        return services;
    }
}
