using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Outreach.Core.Accounts;
using Outreach.Core.Common.Configuration;

namespace Outreach.DevHost;

/// <summary>Once the DevHost listens, prints where to go, the admin key, the outbox folder and the Azurite status.</summary>
public sealed class StartupBanner(
    IHostApplicationLifetime lifetime,
    IServer server,
    IConfiguration configuration,
    FunctionCatalog catalog,
    DevStorage storage,
    GeneratedSecrets secrets,
    IOptions<AdminOptions> admin,
    IOptions<MailOptions> mail,
    ILogger<StartupBanner> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Print);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Print()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? DevHostDefaults.Url;
        var baseUrl = address.Replace("://0.0.0.0", "://localhost").Replace("://[::]", "://localhost").Replace("://+", "://localhost").TrimEnd('/');
        var api = $"{baseUrl}/api";
        var keyOrigin = secrets.Used.Contains("Admin:ApiKey") ? $"generated, kept in {secrets.FilePath}; set Admin:ApiKey to choose it" : "from configuration";
        var text = new StringBuilder()
            .AppendLine("Outreach DevHost is running.")
            .AppendLine($"  Console        {baseUrl}/console/")
            .AppendLine($"  Sign-up form   {api}/signup")
            .AppendLine($"  Audiences      {api}/audiences")
            .AppendLine($"  OpenAPI        {api}/openapi.json")
            .AppendLine($"  Dev outbox     {api}/dev/outbox")
            .AppendLine($"  Sign in        {baseUrl}/.auth/login/aad  (pick an e-mail and roles)")
            .AppendLine($"  Admin key      {admin.Value.ApiKey}  (role admin, header {ApiKeys.HeaderName}; {keyOrigin})")
            .AppendLine($"  Outbox folder  {mail.Value.OutboxPath}")
            .AppendLine($"  Azurite        {storage.Status}")
            .Append($"  Functions      {catalog.Http.Count()} HTTP, {catalog.Timers.Count()} timer (DevHost:RunTimers={configuration.GetValue(TimerFunctionRunner.EnabledKey, true)}), ")
            .Append($"{catalog.Queues.Count()} queue (DevHost:RunQueues={configuration.GetValue(QueueFunctionRunner.EnabledKey, true)})");
        logger.LogInformation("{Banner}", text.ToString());
    }
}
