using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Outreach.Core.Newsletters;

/// <summary>Registers the Newsletters capability's services; called once by AddOutreachCore.</summary>
public static class NewslettersRegistration
{
    public static IServiceCollection AddNewsletters(this IServiceCollection services, IConfiguration configuration)
    {
        return services;
    }
}
