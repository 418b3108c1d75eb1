using System.ComponentModel;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outreach.Core.Accounts;
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
        foreach (var function in HttpFunctionRoutes.All)
        {
            var path = "/" + function.Template;
            var operations = paths.TryGetValue(path, out var existing) ? existing : paths[path] = new Dictionary<string, object>();
            foreach (var verb in function.Methods)
            {
                var access = AdminRoutes.IsAdminRoute(function.Route) ? AdminRoutes.For(verb, function.Route) : null;
                var summary = function.Method.GetCustomAttribute<DescriptionAttribute>()?.Description;
                operations[verb.ToLowerInvariant()] = new Dictionary<string, object?>
                {
                    ["operationId"] = function.Name,
                    ["summary"] = summary,
                    ["description"] = access is null ? null : RolesSentence(access),
                    ["x-roles"] = access?.AllowedRoles,
                    ["x-audited"] = access?.IsAudited,
                    ["parameters"] = RouteParameters().Matches(path).Select(m => new { name = m.Groups[1].Value, @in = "path", required = true, schema = new { type = "string" } }).ToList(),
                    ["security"] = access is null ? Array.Empty<object>() : AdminSecurity,
                    ["responses"] = Responses(access),
                };
            }
        }

        return new Dictionary<string, object>
        {
            ["openapi"] = "3.0.3",
            ["info"] = new
            {
                title = "Outreach",
                version = "1.0",
                description = "Newsletters, campaigns and webinars of the organisation. Admin routes need a signed-in person (App Service "
                    + "authentication with Microsoft Entra ID; /.auth/login/aad) or a named API key (x-functions-key header or code query "
                    + "parameter) with one of the roles each operation lists in x-roles; x-audited operations are written to the audit log.",
            },
            ["servers"] = new[] { new { url = "/" } },
            ["paths"] = paths,
            ["components"] = new
            {
                securitySchemes = new Dictionary<string, object>
                {
                    ["appServiceAuthentication"] = new { type = "apiKey", @in = "cookie", name = "AppServiceAuthSession", description = "The session of App Service authentication (Entra ID): sign in at /.auth/login/aad." },
                    ["apiKey"] = new { type = "apiKey", @in = "header", name = ApiKeys.HeaderName, description = "A named API key (POST /api/admin/keys)." },
                    ["apiKeyQuery"] = new { type = "apiKey", @in = "query", name = ApiKeys.QueryName, description = "The same key as a query parameter." },
                },
            },
        };
    }

    private static readonly object[] AdminSecurity =
    [
        new Dictionary<string, string[]> { ["appServiceAuthentication"] = [] },
        new Dictionary<string, string[]> { ["apiKey"] = [] },
        new Dictionary<string, string[]> { ["apiKeyQuery"] = [] },
    ];

    private static string RolesSentence(RouteAccess access) =>
        $"Roles: {string.Join(", ", access.AllowedRoles)}." + (access.IsAudited ? " Audited." : "");

    private static Dictionary<string, object> Responses(RouteAccess? access)
    {
        var responses = new Dictionary<string, object> { ["default"] = new { description = "See the summary; errors are application/problem+json (RFC 9457)." } };
        if (access is not null)
        {
            responses["401"] = new { description = "No session and no valid API key." };
            responses["403"] = new { description = $"The caller's role is not one of: {string.Join(", ", access.AllowedRoles)} (the problem names the role needed)." };
        }

        return responses;
    }

    [GeneratedRegex(@"\{(\w+)[^}]*\}")]
    private static partial Regex RouteParameters();
}
