using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Outreach.Core.Configuration;
using Outreach.Core.Storage;

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

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<StorageAccount>();
        return services;
    }

    private static void AddValidatedOptions<T>(this IServiceCollection services, IConfiguration section) where T : class
    {
        services.AddOptions<T>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
    }
}
