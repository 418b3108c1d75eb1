using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Outreach.Core;
using Outreach.Functions.TeamConsole;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddOutreachCore(builder.Configuration);
builder.Services.AddConsoleFiles();

// Last line of defence: an HTTP function that throws answers a logged 500 problem+json, never a stack trace.
// Other triggers rethrow so the queue extension retries and eventually poisons the message.
builder.UseMiddleware(async (context, next) =>
{
    try
    {
        await next();
    }
    catch (Exception exception) when (context.GetHttpContext() is { Response.HasStarted: false } http)
    {
        context.GetLogger("Outreach.Functions").LogError(exception, "Function {FunctionName} failed", context.FunctionDefinition.Name);
        http.Response.StatusCode = StatusCodes.Status500InternalServerError;
        var problem = new ProblemDetails { Status = 500, Title = "An unexpected error occurred." };
        await http.Response.WriteAsJsonAsync(problem, options: null, contentType: "application/problem+json");
    }
});

builder.Build().Run();
