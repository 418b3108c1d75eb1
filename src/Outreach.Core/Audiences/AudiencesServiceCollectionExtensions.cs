using Microsoft.Extensions.DependencyInjection;
using Outreach.Core.Audiences.Imports;
using Outreach.Core.Audiences.Profiles;

namespace Outreach.Core.Audiences;

public static class AudiencesServiceCollectionExtensions
{
    /// <summary>Profiles, custom fields and imports.</summary>
    public static IServiceCollection AddAudiences(this IServiceCollection services)
    {
        services.AddSingleton<CustomFieldStore>();
        services.AddSingleton<ImportBatchWriter>();
        return services;
    }
}
