using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Outreach.Core;
using Outreach.Functions.Http;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddOutreachCore(builder.Configuration);

// First of the app's middleware, so that it also answers for the ones after it.
builder.UseMiddleware<ExceptionHandlingMiddleware>();

builder.Build().Run();
