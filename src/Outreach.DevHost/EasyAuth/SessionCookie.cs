using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Outreach.Core.Accounts;

namespace Outreach.DevHost.EasyAuth;

/// <summary>
/// The emulated App Service session: the signed-in person, protected (encrypted and signed) with ASP.NET Core Data
/// Protection in a cookie named like the platform's, valid 8 hours like the platform's default.
/// </summary>
public sealed class SessionCookie(IDataProtectionProvider protection)
{
    public const string Name = "AppServiceAuthSession";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    private readonly ITimeLimitedDataProtector protector = protection.CreateProtector("Outreach.DevHost.EasyAuth.Session").ToTimeLimitedDataProtector();

    public void Issue(HttpResponse response, SignedInPerson person) =>
        response.Cookies.Append(Name, protector.Protect(JsonSerializer.Serialize(person), Lifetime), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = response.HttpContext.Request.IsHttps,
            Path = "/",
            MaxAge = Lifetime,
        });

    public static void Clear(HttpResponse response) => response.Cookies.Delete(Name, new CookieOptions { Path = "/" });

    /// <summary>The person of a valid session cookie, or null (no cookie, tampered, expired).</summary>
    public SignedInPerson? Read(HttpRequest request) => ReadSession(request)?.Person;

    /// <summary>The valid session of the request, with when it ends, or null.</summary>
    public Session? ReadSession(HttpRequest request)
    {
        if (request.Cookies[Name] is not { Length: > 0 } value) return null;
        try
        {
            return JsonSerializer.Deserialize<SignedInPerson>(protector.Unprotect(value, out var expires)) is { } person && expires > DateTimeOffset.UtcNow
                ? new Session(person, expires)
                : null;
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or JsonException or FormatException)
        {
            return null;
        }
    }
}

/// <summary>A signed-in person and the end of their session.</summary>
public sealed record Session(SignedInPerson Person, DateTimeOffset ExpiresOn);
