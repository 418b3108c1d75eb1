using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Outreach.DevHost;

namespace Outreach.Benchmarks.Campaigns;

/// <summary>
/// The DevHost in-process, exactly as it runs locally (queue polling on, like the Functions queue extension), on the
/// benchmark's own Azurite, sending through SendGrid to the fake server. Timers are off: the campaign is sent "now".
/// </summary>
public sealed class DeliveryBenchmarkHost(string storageConnectionString, Uri sendGrid) : WebApplicationFactory<DevHostEntryPoint>
{
    public const string AdminKey = "benchmark-admin-key";

    public HttpClient CreateAdminClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add(Outreach.Core.Accounts.ApiKeys.HeaderName, AdminKey);
        client.Timeout = TimeSpan.FromMinutes(5);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = storageConnectionString,
            ["Storage:NamePrefix"] = "bench",
            ["Mail:Transport"] = "SendGrid",
            ["Mail:OutboxPath"] = Path.Combine(Path.GetTempPath(), "outreach-benchmark-outbox"),
            ["SendGrid:ApiKey"] = FakeSendGrid.ApiKey,
            ["SendGrid:Host"] = sendGrid.ToString().TrimEnd('/'),
            ["Admin:ApiKey"] = AdminKey,
            ["Tokens:SigningKey"] = "benchmark-signing-key-0123456789abcdef0123456789",
            ["Privacy:SuppressionPepper"] = "benchmark-suppression-pepper-0123456789abcdef",
            [TimerFunctionRunner.EnabledKey] = "false",
            [QueueFunctionRunner.EnabledKey] = "true",
            // host.json lets an empty queue wait 2 s between polls; 0.5 s keeps the start-up hops (campaign → planner →
            // first batch) short without polling idle queues so often that Azurite's single thread notices.
            [QueueHostOptions.Section + ":maxPollingInterval"] = "00:00:00.500",
            ["Logging:LogLevel:Default"] = "Warning",
        }));
    }
}
