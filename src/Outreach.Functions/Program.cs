using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Outreach.Core;
using Outreach.Functions.TeamConsole;
using Outreach.Functions.Accounts;
using Outreach.Functions.Http;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddOutreachCore(builder.Configuration);
builder.Services.AddConsoleFiles();
builder.Services.AddAdminAccess();

// First of the app's middleware, so that it also answers for the ones after it.
builder.UseMiddleware<ExceptionHandlingMiddleware>();

// Admin routes authorize in the app (named accounts and keys, route → roles table) and every change is audited.
builder.UseMiddleware<AdminAccessMiddleware>();

builder.Build().Run();
