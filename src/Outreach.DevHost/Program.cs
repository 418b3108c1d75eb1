using Outreach.Core;
using Outreach.DevHost;
using Outreach.Functions.TeamConsole;
using Outreach.DevHost.EasyAuth;
using Outreach.Functions.Accounts;

// The DevHost serves the Functions app's own functions locally, without the Functions host:
// HTTP functions on /api/..., timer functions on their schedules, queue functions from the same queues.
var builder = WebApplication.CreateBuilder(args);
HostJson.AddTo(builder.Configuration);
builder.AddDevHostDefaults();

// First hosted service: Azurite is up before anything else starts.
builder.Services.AddSingleton<DevStorage>();
builder.Services.AddHostedService(provider => provider.GetRequiredService<DevStorage>());

builder.Services.AddOutreachCore(builder.Configuration);
builder.Services.AddConsoleFiles();
builder.Services.AddMvcCore(); // the executors behind IActionResult (ObjectResult, JsonResult, FileStreamResult...)
builder.Services.AddProblemDetails();

var catalog = FunctionCatalog.ForFunctionsApp();
builder.Services.AddSingleton(catalog);
foreach (var functionClass in catalog.FunctionClasses)
{
    builder.Services.AddTransient(functionClass);
}

builder.Services.AddAdminAccess();
builder.Services.AddEasyAuthEmulation();
builder.Services.AddSingleton<TimerFunctionRunner>();
builder.Services.AddHostedService(provider => provider.GetRequiredService<TimerFunctionRunner>());
builder.Services.AddSingleton(provider => new QueueProcessor(
    catalog.Queues,
    provider.GetRequiredService<Outreach.Core.Common.Storage.StorageAccount>(),
    provider.GetRequiredService<IServiceScopeFactory>(),
    QueueHostOptions.From(provider.GetRequiredService<IConfiguration>()),
    provider.GetRequiredService<ILogger<QueueProcessor>>(),
    provider.GetRequiredService<IConfiguration>()));
builder.Services.AddSingleton<QueueFunctionRunner>();
builder.Services.AddHostedService(provider => provider.GetRequiredService<QueueFunctionRunner>());
builder.Services.AddHostedService<StartupBanner>();

var app = builder.Build();
app.UseEasyAuthEmulation(); // first: like the platform, it stands in front of everything
var routePrefix = HostJson.RoutePrefix(app.Configuration);
app.MapHttpFunctions(catalog, routePrefix);
app.MapDevEndpoints();
app.MapEasyAuthEndpoints();
app.Run();

/// <summary>Entry point, public for WebApplicationFactory in the integration tests.</summary>
public partial class Program;

namespace Outreach.DevHost
{
    /// <summary>
    /// Names the DevHost's assembly for <c>WebApplicationFactory&lt;DevHostEntryPoint&gt;</c>: the Functions app has a
    /// public <c>Program</c> too, so <c>Program</c> alone is ambiguous in a project that references both.
    /// </summary>
    public sealed class DevHostEntryPoint;
}
