using System.Net;
using System.Text;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Azure.Functions.Worker;
using Outreach.DevHost;
using Outreach.IntegrationTests.Infrastructure;

namespace Outreach.IntegrationTests.DevHost;

/// <summary>No function above AuthorizationLevel.Anonymous is reachable without the key; with it, the function runs.</summary>
public sealed class AdminKeyTests(DevHostFactory host) : IClassFixture<DevHostFactory>
{
    public static TheoryData<string> ProtectedFunctions()
    {
        var data = new TheoryData<string>();
        foreach (var (name, _, trigger) in FunctionCoverageTests.DeclaredFunctions())
        {
            if (trigger is HttpTriggerAttribute { AuthLevel: not AuthorizationLevel.Anonymous })
            {
                data.Add(name);
            }
        }

        return data;
    }

    [Fact]
    public void The_admin_routes_are_protected()
    {
        var adminRoutes = FunctionCoverageTests.DeclaredFunctions()
            .Where(f => f.Trigger is HttpTriggerAttribute { Route: { } route } && route.StartsWith("api/admin/", StringComparison.Ordinal))
            .Where(f => f.Trigger is HttpTriggerAttribute { AuthLevel: AuthorizationLevel.Anonymous })
            .Select(f => f.Name);
        Assert.Empty(adminRoutes);
    }

    [Theory]
    [MemberData(nameof(ProtectedFunctions))]
    public async Task A_protected_function_answers_401_without_the_key_and_runs_with_it(string functionName)
    {
        var (method, path) = RequestFor(functionName);
        using var client = host.CreateClient();

        using var anonymous = await client.SendAsync(Request(method, path));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);

        var wrongKey = Request(method, path);
        wrongKey.Headers.Add(AdminKeyCheck.HeaderName, "not-the-key");
        using var wrong = await client.SendAsync(wrongKey);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);

        var withHeader = Request(method, path);
        withHeader.Headers.Add(AdminKeyCheck.HeaderName, DevHostFactory.AdminKey);
        using var byHeader = await client.SendAsync(withHeader);
        Assert.NotEqual(HttpStatusCode.Unauthorized, byHeader.StatusCode);

        var separator = path.Contains('?') ? '&' : '?';
        using var byQuery = await client.SendAsync(Request(method, $"{path}{separator}code={Uri.EscapeDataString(DevHostFactory.AdminKey)}"));
        Assert.NotEqual(HttpStatusCode.Unauthorized, byQuery.StatusCode);
    }

    private static HttpRequestMessage Request(HttpMethod method, string path) => new(method, path)
    {
        Content = method == HttpMethod.Get || method == HttpMethod.Delete ? null : new StringContent("{}", Encoding.UTF8, "application/json"),
    };

    /// <summary>A method and a path for the function, with dummy values in its route parameters.</summary>
    private static (HttpMethod Method, string Path) RequestFor(string functionName)
    {
        var (_, _, trigger) = FunctionCoverageTests.DeclaredFunctions().Single(f => f.Name == functionName);
        var http = (HttpTriggerAttribute)trigger!;
        var pattern = RoutePatternFactory.Parse(http.Route ?? functionName);
        var path = new StringBuilder();
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

        var method = http.Methods is { Length: > 0 } methods ? new HttpMethod(methods[0].ToUpperInvariant()) : HttpMethod.Get;
        return (method, path.ToString());
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
