using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Outreach.Core.Accounts;
using Outreach.Core.Common.Validation;
using Outreach.Core.Subscriptions;
using Outreach.Functions.Http;

namespace Outreach.Functions.Accounts;

/// <summary>
/// Authorization and audit of the admin routes, the same code on both hosts: the worker middleware
/// (<see cref="AdminAccessMiddleware"/>) and the DevHost call <see cref="RunAsync"/> around each HTTP function.
/// No credentials → 401; a role the route table does not allow → 403 naming the role needed; every state-changing
/// request and every export of personal data → one audit entry with its outcome.
/// </summary>
public sealed partial class AdminRequestGate(CallerIdentification callers, AuditLog audit, SuppressionKeys keys, TimeProvider clock, ILogger<AdminRequestGate> logger)
{
    /// <summary>Runs <paramref name="invoke"/> (the function) if the caller may, and returns its result or the refusal to answer.</summary>
    public async Task<object?> RunAsync(HttpContext http, string functionName, Func<Task<object?>> invoke)
    {
        if (HttpFunctionRoutes.Find(functionName) is not { } function || !AdminRoutes.IsAdminRoute(function.Route)) return await invoke();

        var access = AdminRoutes.For(http.Request.Method, function.Route);
        var caller = await callers.IdentifyAsync(http.Request, http.RequestAborted);
        if (caller is null) return AccessProblems.SignInRequired();

        var role = caller.RoleAllowedBy(access);
        if (role is null || IsCrossSiteChange(http.Request, caller))
        {
            if (access.IsAudited) await RecordAsync(http, function, access, caller, string.Join(",", caller.Roles), StatusCodes.Status403Forbidden, result: null);
            return role is null ? AccessProblems.RoleRequired(access, caller) : AccessProblems.CrossSiteRefused();
        }

        http.Items[typeof(Caller)] = caller;
        if (!access.IsAudited) return await invoke();

        object? answer;
        try
        {
            answer = await invoke();
        }
        catch
        {
            await RecordAsync(http, function, access, caller, role, StatusCodes.Status500InternalServerError, result: null);
            throw;
        }

        await RecordAsync(http, function, access, caller, role, StatusOf(answer), answer);
        return answer;
    }

    /// <summary>
    /// A signed-in person's browser sends the session cookie with cross-site requests too; a change that another site
    /// triggers (a form posting to us) is refused. Scripts with keys send no cookie, and same-origin pages are fine.
    /// </summary>
    private static bool IsCrossSiteChange(HttpRequest request, Caller caller) =>
        caller.Kind == CallerKind.Person
        && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)
        && string.Equals(request.Headers["Sec-Fetch-Site"].FirstOrDefault(), "cross-site", StringComparison.OrdinalIgnoreCase);

    private async Task RecordAsync(HttpContext http, HttpFunctionRoute function, RouteAccess access, Caller caller, string role, int status, object? result)
    {
        var entry = new AuditEntry
        {
            At = clock.GetUtcNow(),
            Actor = caller.Kind == CallerKind.Person ? caller.Name.ToLowerInvariant() : caller.Name,
            ActorKind = caller.Kind,
            Role = role.Length == 0 ? "none" : role,
            Action = function.Name,
            Target = TargetOf(function.Route, http.Request.RouteValues, result, keys, http.Items[AdminRequestFacts.SubjectItem] as EmailAddress),
            Outcome = AuditOutcomes.Of(status),
            Status = status,
            IpPrefix = new RequestOrigin("admin", http.Request.ClientIp()).IpPrefix,
        };
        try
        {
            await audit.AppendAsync(entry, CancellationToken.None);
        }
        catch (Exception exception)
        {
            // The request has happened; losing its record must at least leave a trace in the logs.
            logger.LogError(exception, "Audit entry not written: {Actor} {Action} {Target} {Outcome} {Status} ({Route})",
                entry.Actor, entry.Action, entry.Target, entry.Outcome, entry.Status, access.Key);
        }
    }

    /// <summary>
    /// The route after <c>admin/</c> with its values filled in (<c>newsletters/42/schedule</c>), an e-mail value replaced
    /// by its peppered key, and the id of what a 201 created appended (<c>newsletters/42</c> for a new draft). A route that
    /// takes the address in its body (<c>subscribers/erase</c>) names it the same way, as <c>subscribers/{key}/erase</c>.
    /// </summary>
    internal static string TargetOf(string route, RouteValueDictionary values, object? result, SuppressionKeys keys, EmailAddress? subject = null)
    {
        if (subject is not null)
        {
            var segments = route[AdminRoutes.Prefix.Length..].Split('/');
            return string.Join('/', [segments[0], keys.Of(subject), .. segments[1..]]);
        }

        var target = RouteParameter().Replace(route[AdminRoutes.Prefix.Length..], match =>
        {
            var name = match.Groups[1].Value;
            var value = Convert.ToString(values.GetValueOrDefault(name), System.Globalization.CultureInfo.InvariantCulture) ?? "";
            if (name.Contains("email", StringComparison.OrdinalIgnoreCase))
                return EmailAddress.TryParse(Uri.UnescapeDataString(value), out var address) ? keys.Of(address) : "invalid-address";
            return value.Length > 100 ? value[..100] : value;
        });
        return CreatedId(result) is { } id ? $"{target}/{id}" : target;
    }

    private static string? CreatedId(object? result)
    {
        if (result is not ContentResult { StatusCode: StatusCodes.Status201Created, Content: { } content } || !content.StartsWith('{')) return null;
        try
        {
            using var json = JsonDocument.Parse(content);
            return json.RootElement.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 and <= 100 } text ? text : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static int StatusOf(object? result) => result switch
    {
        IStatusCodeActionResult { StatusCode: { } status } => status,
        IStatusCodeHttpResult { StatusCode: { } status } => status,
        _ => StatusCodes.Status200OK,
    };

    [GeneratedRegex(@"\{\*{0,2}(\w+)[^}]*\}")]
    private static partial Regex RouteParameter();
}

/// <summary>Reads what the gate learnt about a request.</summary>
public static class AdminRequestFacts
{
    internal const string SubjectItem = "Outreach.AuditSubject";

    /// <summary>Names the person a route that reads the address from its body acts on, for the audit entry (by peppered key).</summary>
    public static void NameAuditSubject(this HttpRequest request, EmailAddress address) => request.HttpContext.Items[SubjectItem] = address;

    /// <summary>The caller the gate let through (null outside admin routes).</summary>
    public static Caller? Caller(this HttpRequest request) => request.HttpContext.Items[typeof(Caller)] as Caller;

    /// <summary>How the audit log and the key list name the caller: the person's e-mail or the key's name.</summary>
    public static string CallerName(this HttpRequest request) => request.Caller()?.Name ?? "unknown";
}

/// <summary>The Problem Details of a refused admin request.</summary>
public static class AccessProblems
{
    public static ContentResult SignInRequired() => ApiResults.Problem(
        StatusCodes.Status401Unauthorized,
        "Sign-in or an API key is required.",
        $"Sign in at /.auth/login/aad, or send a named API key in the {ApiKeys.HeaderName} header (or the {ApiKeys.QueryName} query parameter).");

    public static ContentResult RoleRequired(RouteAccess access, Caller caller)
    {
        var needed = access.AllowedRoles[0];
        var has = caller.Roles.Count == 0 ? "no role" : "the role " + string.Join(", ", caller.Roles);
        return ApiResults.Problem(
            StatusCodes.Status403Forbidden,
            $"This needs the {needed} role.",
            $"{access.Key} is allowed to {string.Join(", ", access.AllowedRoles)}; {caller.Name} has {has}.",
            extensions: new Dictionary<string, object?> { ["requiredRoles"] = access.AllowedRoles });
    }

    public static ContentResult CrossSiteRefused() => ApiResults.Problem(
        StatusCodes.Status403Forbidden,
        "Cross-site requests are refused.",
        "Changes can be made from the console (same origin) or by a script with an API key.");
}
