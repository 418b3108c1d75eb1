using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Outreach.Functions.Accounts;
using Outreach.Functions.Http;

namespace Outreach.DevHost;

/// <summary>Endpoint metadata naming the function an endpoint serves (tests compare it with the Functions assembly).</summary>
public sealed record FunctionEndpointMetadata(string FunctionName);

/// <summary>
/// Maps every HTTP function of the catalog on <c>/{routePrefix}/{route}</c> with its methods, behind the same
/// authorization and audit as on Azure (<see cref="AdminRequestGate"/>, which the worker runs as middleware).
/// </summary>
public static class HttpFunctionEndpoints
{
    public static IEndpointRouteBuilder MapHttpFunctions(this IEndpointRouteBuilder endpoints, FunctionCatalog catalog, string routePrefix)
    {
        foreach (var function in catalog.Http)
        {
            var template = "/" + function.RouteTemplate(routePrefix);
            RequestDelegate handler = context => InvokeAsync(function, context);
            var builder = function.HttpMethods.Count == 0
                ? endpoints.Map(template, handler)
                : endpoints.MapMethods(template, function.HttpMethods, handler);
            builder.WithDisplayName($"Function {function.Name}").WithMetadata(new FunctionEndpointMetadata(function.Name));
        }

        return endpoints;
    }

    private static async Task InvokeAsync(HttpFunctionDescriptor function, HttpContext context)
    {
        try
        {
            var gate = context.RequestServices.GetRequiredService<AdminRequestGate>();
            switch (await gate.RunAsync(context, function.Name, () => function.InvokeAsync(context)))
            {
                case IActionResult actionResult:
                    await actionResult.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
                    break;
                case IResult result:
                    await result.ExecuteAsync(context);
                    break;
            }
        }
        catch (Exception exception)
        {
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Outreach.DevHost.Functions");
            if (!await UnexpectedFailure.TryAnswerAsync(context, exception, function.Name, logger)) throw;
        }
    }
}
