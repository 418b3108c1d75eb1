using Microsoft.Extensions.DependencyInjection;

namespace Outreach.Functions.TeamConsole;

public static class ConsoleServiceCollectionExtensions
{
    /// <summary>The console's files, for <see cref="ConsoleFunction"/> (both hosts call this).</summary>
    public static IServiceCollection AddConsoleFiles(this IServiceCollection services) =>
        services.AddSingleton(_ => ConsoleFiles.NextToApp());
}
