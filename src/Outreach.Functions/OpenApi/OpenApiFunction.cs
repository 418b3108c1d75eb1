using System.ComponentModel;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outreach.Functions.Http;

namespace Outreach.Functions.OpenApi;

/// <summary>
/// The OpenAPI description, built from the functions' own trigger attributes and [Description]s,
/// so it lists exactly the routes that exist.
/// </summary>
public sealed partial class OpenApiFunction
{
    private static readonly Lazy<object> Document = new(Build);

    [Function("OpenApi")]
    [Description("This OpenAPI description.")]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/openapi.json")] HttpRequest request) =>
        ApiResults.JsonBody(Document.Value);

    private static object Build()
    {
        var paths = new SortedDictionary<string, Dictionary<string, object>>(StringComparer.Ordinal);
        foreach (var (method, trigger) in HttpFunctions())
        {
            var path = "/" + (trigger.Route ?? method.GetCustomAttribute<FunctionAttribute>()!.Name);
            var operations = paths.TryGetValue(path, out var existing) ? existing : paths[path] = new Dictionary<string, object>();
            foreach (var verb in trigger.Methods ?? ["get", "post"])
            {
                operations[verb.ToLowerInvariant()] = new Dictionary<string, object?>
                {
                    ["operationId"] = method.GetCustomAttribute<FunctionAttribute>()!.Name,
                    ["summary"] = method.GetCustomAttribute<DescriptionAttribute>()?.Description,
                    ["parameters"] = RouteParameters().Matches(path).Select(m => new { name = m.Groups[1].Value, @in = "path", required = true, schema = new { type = "string" } }).ToList(),
                    ["security"] = trigger.AuthLevel == AuthorizationLevel.Anonymous ? Array.Empty<object>() : new object[] { new Dictionary<string, string[]> { ["functionKey"] = [] } },
                    ["responses"] = new Dictionary<string, object> { ["default"] = new { description = "See the summary; errors are application/problem+json (RFC 9457)." } },
                };
            }
        }

        return new Dictionary<string, object>
        {
            ["openapi"] = "3.0.3",
            ["info"] = new { title = "Outreach", version = "1.0", description = "Newsletters, campaigns and webinars of the organisation." },
            ["servers"] = new[] { new { url = "/" } },
            ["paths"] = paths,
            ["components"] = new
            {
                securitySchemes = new Dictionary<string, object>
                {
                    ["functionKey"] = new { type = "apiKey", @in = "header", name = "x-functions-key" },
                },
            },
        };
    }

    private static IEnumerable<(MethodInfo Method, HttpTriggerAttribute Trigger)> HttpFunctions() =>
        from type in typeof(OpenApiFunction).Assembly.GetTypes()
        from method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
        where method.GetCustomAttribute<FunctionAttribute>() is not null
        from parameter in method.GetParameters()
        let trigger = parameter.GetCustomAttribute<HttpTriggerAttribute>()
        where trigger is not null
        select (method, trigger);

    [GeneratedRegex(@"\{(\w+)[^}]*\}")]
    private static partial Regex RouteParameters();
}
