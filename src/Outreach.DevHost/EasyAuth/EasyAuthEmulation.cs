using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Outreach.Core.Accounts;
using Outreach.Core.Subscriptions;
using Outreach.Functions.Http;

namespace Outreach.DevHost.EasyAuth;

/// <summary>
/// App Service authentication, emulated: <c>/.auth/login/aad</c> (a page to pick an e-mail, a name and roles, instead
/// of Entra ID), <c>/.auth/me</c>, <c>/.auth/logout</c>, and, in front of every request, what the platform does:
/// remove the <c>X-MS-CLIENT-PRINCIPAL*</c> headers a client sent and inject the signed-in person's.
/// The app then reads the person exactly as on Azure (<see cref="CallerIdentification"/>).
/// </summary>
public static class EasyAuthEmulation
{
    public const string LoginPath = "/.auth/login/aad";
    public const string MePath = "/.auth/me";
    public const string LogoutPath = "/.auth/logout";
    private const int MaxFormBytes = 4 * 1024;

    public static IServiceCollection AddEasyAuthEmulation(this IServiceCollection services)
    {
        services.AddDataProtection();
        services.AddSingleton<SessionCookie>();
        return services;
    }

    /// <summary>The platform's part: say authentication is on, so the app believes the header the DevHost injects.</summary>
    public static IConfigurationBuilder AddEasyAuthPlatformSettings(this IConfigurationBuilder configuration) =>
        configuration.AddInMemoryCollection([new(CallerIdentification.PlatformAuthenticationSetting, "True")]);

    public static IApplicationBuilder UseEasyAuthEmulation(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var headers = context.Request.Headers;
        foreach (var header in ClientPrincipal.PlatformHeaders)
        {
            headers.Remove(header);
        }

        if (context.RequestServices.GetRequiredService<SessionCookie>().Read(context.Request) is { } person)
        {
            headers[ClientPrincipal.HeaderName] = ClientPrincipal.Write(person);
            headers["X-MS-CLIENT-PRINCIPAL-NAME"] = person.Email;
            headers["X-MS-CLIENT-PRINCIPAL-ID"] = UserId(person);
            headers["X-MS-CLIENT-PRINCIPAL-IDP"] = "aad";
        }

        await next(context);
    });

    public static IEndpointRouteBuilder MapEasyAuthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(LoginPath, () => Page("login.html", StatusCodes.Status200OK)).WithDisplayName("DevHost sign-in page");
        endpoints.MapPost(LoginPath, SignInAsync).WithDisplayName("DevHost sign-in");
        endpoints.MapGet(MePath, Me).WithDisplayName("DevHost /.auth/me");
        endpoints.MapGet(LogoutPath, SignOut).WithDisplayName("DevHost sign-out");
        return endpoints;
    }

    private static async Task<IResult> SignInAsync(HttpContext context, SessionCookie session)
    {
        var form = await RequestBody.ReadFormAsync(context.Request, MaxFormBytes, context.RequestAborted);
        if (!form.Ok || !RequestBody.IsForm(context.Request)) return Page("sign-in-refused.html", StatusCodes.Status400BadRequest);
        string? Field(string name) => form.Value!.TryGetValue(name, out var value) ? value.ToString() : null;

        var roles = (form.Value!.TryGetValue("roles", out var values) ? values.ToArray() : [])
            .SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToList();
        var name = Field("name")?.Trim();
        if (!EmailAddress.TryParse(Field("email"), out var email) || roles.Any(r => !Roles.IsKnown(r.ToLowerInvariant()))
            || name is { Length: > 100 } || name?.Any(char.IsControl) == true)
        {
            return Page("sign-in-refused.html", StatusCodes.Status400BadRequest);
        }

        session.Issue(context.Response, new SignedInPerson(email.Value, string.IsNullOrEmpty(name) ? email.Value : name, Roles.Known(roles)));
        return Results.Redirect(LocalRedirect(Field("post_login_redirect_uri") ?? context.Request.Query["post_login_redirect_uri"].FirstOrDefault()));
    }

    /// <summary>
    /// As App Service answers: an array with one provider entry, its user id, claims and the session's end. The tokens
    /// App Service's token store adds (<c>id_token</c>, <c>access_token</c>) do not exist here and are left out.
    /// </summary>
    private static IResult Me(HttpContext context, SessionCookie sessions)
    {
        if (sessions.ReadSession(context.Request) is not { Person: var person } session)
        {
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Nobody is signed in.", detail: $"Sign in at {LoginPath}.");
        }

        return Results.Json(new[]
        {
            new Dictionary<string, object>
            {
                ["provider_name"] = "aad",
                ["user_id"] = person.Email,
                ["user_claims"] = ClientPrincipal.ClaimsOf(person),
                ["expires_on"] = session.ExpiresOn.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            },
        });
    }

    private static IResult SignOut(HttpContext context)
    {
        SessionCookie.Clear(context.Response);
        var target = context.Request.Query["post_logout_redirect_uri"].FirstOrDefault();
        return target is null ? Page("signed-out.html", StatusCodes.Status200OK) : Results.Redirect(LocalRedirect(target));
    }

    /// <summary>Only a path on this site (no scheme, no <c>//host</c>), so the sign-in cannot send anyone elsewhere.</summary>
    internal static string LocalRedirect(string? target) =>
        target is { Length: > 0 and <= 2048 } && target[0] == '/' && (target.Length == 1 || (target[1] != '/' && target[1] != '\\'))
            && !target.Any(char.IsControl)
            ? target
            : "/";

    private static string UserId(SignedInPerson person) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(person.Email.ToLowerInvariant())))[..32];

    private static IResult Page(string file, int status)
    {
        using var stream = typeof(EasyAuthEmulation).Assembly.GetManifestResourceStream($"Outreach.DevHost.EasyAuth.{file}")
            ?? throw new InvalidOperationException($"Embedded page {file} is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Results.Content(reader.ReadToEnd(), "text/html; charset=utf-8", Encoding.UTF8, status);
    }
}
