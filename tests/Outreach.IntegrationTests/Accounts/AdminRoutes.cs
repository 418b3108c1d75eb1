using System.Text;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Azure.Functions.Worker;
using Outreach.IntegrationTests.DevHost;

namespace Outreach.IntegrationTests.Accounts;

/// <summary>One admin route as the Functions app declares it, and a request that reaches it (dummy route values).</summary>
public sealed record DeclaredAdminRoute(string FunctionName, string Method, string Route, AuthorizationLevel Level)
{
    public string Key => $"{Method} {Route}";

    public override string ToString() => Key;

    /// <summary>Every method of every HTTP function whose route starts with <c>admin/</c>, read from the Functions assembly.</summary>
    public static IReadOnlyList<DeclaredAdminRoute> All() =>
        FunctionCoverageTests.DeclaredFunctions()
            .Where(f => f.Trigger is HttpTriggerAttribute)
            .SelectMany(f =>
            {
                var trigger = (HttpTriggerAttribute)f.Trigger!;
                var route = (trigger.Route ?? f.Name).Trim('/');
                route = route.StartsWith("api/", StringComparison.Ordinal) ? route["api/".Length..] : route;
                return (trigger.Methods ?? ["GET", "POST"]).Select(m => new DeclaredAdminRoute(f.Name, m.ToUpperInvariant(), route, trigger.AuthLevel));
            })
            .Where(r => r.Route.StartsWith("admin/", StringComparison.OrdinalIgnoreCase))
            .OrderBy(r => r.Route, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal)
            .ToList();

    public HttpRequestMessage Request()
    {
        var pattern = RoutePatternFactory.Parse(Route);
        var path = new StringBuilder("/api");
        foreach (var segment in pattern.PathSegments)
        {
            path.Append('/');
            foreach (var part in segment.Parts)
            {
                path.Append(part switch
                {
                    RoutePatternLiteralPart literal => literal.Content,
                    RoutePatternSeparatorPart separator => separator.Content,
                    RoutePatternParameterPart parameter => DummyValue(parameter),
                    _ => "",
                });
            }
        }

        var method = new HttpMethod(Method);
        return new HttpRequestMessage(method, path.ToString())
        {
            Content = method == HttpMethod.Get || method == HttpMethod.Delete ? null : new StringContent("{}", Encoding.UTF8, "application/json"),
        };
    }

    private static string DummyValue(RoutePatternParameterPart parameter)
    {
        var constraints = parameter.ParameterPolicies.Select(p => p.Content ?? "").ToList();
        return constraints.Any(c => c.StartsWith("int", StringComparison.Ordinal) || c.StartsWith("long", StringComparison.Ordinal)) ? "1"
            : constraints.Any(c => c == "guid") ? Guid.NewGuid().ToString()
            : constraints.Any(c => c == "bool") ? "true"
            : parameter.Name.Contains("email", StringComparison.OrdinalIgnoreCase) ? "nobody%40example.org"
            : "dummy";
    }
}
