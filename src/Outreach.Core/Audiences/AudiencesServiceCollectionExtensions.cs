using Microsoft.Extensions.DependencyInjection;
using Outreach.Core.Audiences.Imports;
using Outreach.Core.Audiences.Profiles;
using Outreach.Core.Audiences.Segments;

namespace Outreach.Core.Audiences;

public static class AudiencesServiceCollectionExtensions
{
    /// <summary>Profiles, custom fields, imports and import jobs, segments.</summary>
    public static IServiceCollection AddAudiences(this IServiceCollection services)
    {
        services.AddSingleton<CustomFieldStore>();
        services.AddSingleton<CustomFieldService>();
        services.AddSingleton<ContactWriter>();
        services.AddSingleton<ProfileService>();
        services.AddSingleton<BulkTags>();
        services.AddSingleton<SignupForm>();
        services.AddSingleton<ImportBatchWriter>();
        services.AddSingleton<ImportJobStore>();
        services.AddSingleton<ImportJobs>();
        services.AddSingleton<SegmentStore>();
        services.AddSingleton<SegmentService>();
        services.AddSingleton<SegmentEngagement>();
        return services;
    }
}
