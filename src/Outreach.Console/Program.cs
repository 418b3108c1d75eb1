using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Components.WebAssembly.Hosting;
using Microsoft.FluentUI.AspNetCore.Components;
using Microsoft.JSInterop;
using Outreach.Console;
using Outreach.Console.Api;
using Outreach.Console.Session;
using Outreach.Console.Localization;

var builder = WebAssemblyHostBuilder.CreateDefault(args);
builder.RootComponents.Add<App>("#app");
builder.RootComponents.Add<HeadOutlet>("head::after");

// The API and the sign-in endpoints are on the console's own origin (/api/..., /.auth/...).
var origin = new Uri(new Uri(builder.HostEnvironment.BaseAddress).GetLeftPart(UriPartial.Authority));
builder.Services.AddScoped(_ => new HttpClient { BaseAddress = origin });
builder.Services.AddScoped<EarlyAnswers>();
builder.Services.AddScoped<SignIn>();
builder.Services.AddScoped<AdminApi>();
builder.Services.AddScoped<Permissions>();
builder.Services.AddSingleton(provider => new Texts(provider.GetRequiredService<IJSRuntime>()));
builder.Services.AddFluentUIComponents();

var host = builder.Build();
var saved = await host.Services.GetRequiredService<IJSRuntime>().InvokeAsync<string?>("outreachConsole.savedLanguage");
await host.Services.GetRequiredService<Texts>().UseAsync(saved ?? "fr");
await host.RunAsync();
