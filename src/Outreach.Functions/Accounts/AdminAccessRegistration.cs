using Microsoft.Extensions.DependencyInjection;

namespace Outreach.Functions.Accounts;

public static class AdminAccessRegistration
{
    /// <summary>The admin routes' authorization and audit, for the worker and for the DevHost.</summary>
    public static IServiceCollection AddAdminAccess(this IServiceCollection services) => services.AddSingleton<AdminRequestGate>();
}
