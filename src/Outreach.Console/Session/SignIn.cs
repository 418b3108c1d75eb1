using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Components;
using Outreach.Console.Api;

namespace Outreach.Console.Session;

/// <summary>
/// The sign-in of App Service (Easy Auth, emulated by the DevHost): <c>/.auth/me</c> names the person and their roles,
/// <c>/.auth/login/aad</c> signs in, <c>/.auth/logout</c> signs out. The console keeps no credential of its own: the
/// platform's cookie goes with every same-origin request.
/// </summary>
public sealed class SignIn(HttpClient http, EarlyAnswers early, NavigationManager navigation)
{
    public const string LoginPath = "/.auth/login/aad";
    public const string LogoutPath = "/.auth/logout";

    public SignedInPerson? Person { get; private set; }

    /// <summary>True when /.auth/me could not be read (the host is down or answered an error other than 401).</summary>
    public bool Unreachable { get; private set; }

    /// <summary>Reads who is signed in; sends the browser to sign in when nobody is.</summary>
    public async Task<SignedInPerson?> LoadAsync()
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/.auth/me");
            using var response = await early.TakeAsync(request) ?? await http.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                navigation.NavigateTo(LoginUrl(), forceLoad: true);
                return null;
            }

            response.EnsureSuccessStatusCode();
            var identities = await response.Content.ReadFromJsonAsync<Identity[]>() ?? [];
            Person = identities.Select(ToPerson).FirstOrDefault();
            if (Person is null)
            {
                navigation.NavigateTo(LoginUrl(), forceLoad: true);
            }

            Unreachable = false;
            return Person;
        }
        catch (HttpRequestException)
        {
            Unreachable = true;
            return null;
        }
    }

    /// <summary>Back to the same console page once signed in.</summary>
    public string LoginUrl() =>
        $"{LoginPath}?post_login_redirect_uri={Uri.EscapeDataString(new Uri(navigation.Uri).PathAndQuery)}";

    public string LogoutUrl() => $"{LogoutPath}?post_logout_redirect_uri={Uri.EscapeDataString("/console/")}";

    private static SignedInPerson ToPerson(Identity identity)
    {
        var claims = identity.UserClaims ?? [];
        string? Claim(params string[] types) => claims.FirstOrDefault(c => types.Contains(c.Type, StringComparer.OrdinalIgnoreCase))?.Value;
        var email = Claim("preferred_username", "email", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress") ?? identity.UserId ?? "";
        var name = Claim("name", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name") ?? email;
        var roles = claims
            .Where(c => c.Type is "roles" or "http://schemas.microsoft.com/ws/2008/06/identity/claims/role")
            .SelectMany(c => c.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct()
            .ToArray();
        return new SignedInPerson(name, email, roles);
    }

    private sealed record Identity(
        [property: JsonPropertyName("user_id")] string? UserId,
        [property: JsonPropertyName("user_claims")] Claim[]? UserClaims);

    private sealed record Claim(
        [property: JsonPropertyName("typ")] string Type,
        [property: JsonPropertyName("val")] string Value);
}
