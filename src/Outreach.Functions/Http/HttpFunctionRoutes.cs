using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace Outreach.Functions.Http;

/// <summary>One HTTP function as its attributes declare it: name, methods (upper case), route templates.</summary>
public sealed record HttpFunctionRoute(string Name, MethodInfo Method, HttpTriggerAttribute Trigger)
{
    public const string ApiPrefix = "api/";

    public IReadOnlyList<string> Methods { get; } = (Trigger.Methods ?? ["GET", "POST"]).Select(m => m.ToUpperInvariant()).ToList();

    /// <summary>The template as served, from the site's root (host.json's routePrefix is empty): <c>api/admin/audiences</c>, <c>console/{*path}</c>.</summary>
    public string Template { get; } = (Trigger.Route ?? Name).Trim('/');

    /// <summary>The template below <c>/api/</c>, as the contract and the route → roles table name it: <c>admin/audiences</c>.</summary>
    public string Route => Template.StartsWith(ApiPrefix, StringComparison.Ordinal) ? Template[ApiPrefix.Length..] : Template;
}

/// <summary>The HTTP functions of this app, read once from their [Function] and [HttpTrigger] attributes.</summary>
public static class HttpFunctionRoutes
{
    private static readonly Lazy<IReadOnlyDictionary<string, HttpFunctionRoute>> ByName = new(Read);

    public static IEnumerable<HttpFunctionRoute> All => ByName.Value.Values;

    public static HttpFunctionRoute? Find(string functionName) => ByName.Value.GetValueOrDefault(functionName);

    private static IReadOnlyDictionary<string, HttpFunctionRoute> Read() =>
        (from type in typeof(HttpFunctionRoutes).Assembly.GetTypes()
         from method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
         let function = method.GetCustomAttribute<FunctionAttribute>()
         where function is not null
         from parameter in method.GetParameters()
         let trigger = parameter.GetCustomAttribute<HttpTriggerAttribute>()
         where trigger is not null
         select new HttpFunctionRoute(function.Name, method, trigger))
        .ToDictionary(r => r.Name, StringComparer.Ordinal);
}
