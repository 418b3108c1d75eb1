using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Outreach.Core.Accounts;

/// <summary>A person signed in through App Service authentication: e-mail, display name and Entra app roles.</summary>
public sealed record SignedInPerson(string Email, string Name, IReadOnlyList<string> Roles)
{
    public Caller AsCaller() => new(CallerKind.Person, Email, Roles);
}

/// <summary>
/// Reads and writes <c>X-MS-CLIENT-PRINCIPAL</c>, the Base64 JSON App Service authentication injects:
/// <c>{ "auth_typ", "name_typ", "role_typ", "claims": [{ "typ", "val" }] }</c>. Entra's app roles arrive as
/// <c>roles</c> claims, as in the ID token, although <c>role_typ</c> names the long role claim type; both are read.
/// </summary>
public static class ClientPrincipal
{
    public const string HeaderName = "X-MS-CLIENT-PRINCIPAL";

    /// <summary>Every header App Service authentication sets; a platform strips them from what clients send.</summary>
    public static readonly IReadOnlyList<string> PlatformHeaders =
        [HeaderName, "X-MS-CLIENT-PRINCIPAL-ID", "X-MS-CLIENT-PRINCIPAL-NAME", "X-MS-CLIENT-PRINCIPAL-IDP"];

    public const string RoleClaimType = "http://schemas.microsoft.com/ws/2008/06/identity/claims/role";

    /// <summary>The claim type App Service gives Entra app roles, whatever <c>role_typ</c> says.</summary>
    public const string AppRolesClaimType = "roles";
    public const string NameClaimType = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name";
    public const string EmailClaimType = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress";
    private const int MaxHeaderLength = 32 * 1024;

    private static readonly string[] EmailClaims = ["preferred_username", "email", EmailClaimType, "upn", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn"];

    /// <summary>The person the header names, or null when it is absent, malformed, or names nobody.</summary>
    public static SignedInPerson? Read(string? header)
    {
        if (string.IsNullOrWhiteSpace(header) || header.Length > MaxHeaderLength) return null;
        try
        {
            using var document = JsonDocument.Parse(Convert.FromBase64String(header.Trim()));
            return FromPayload(document.RootElement);
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private static SignedInPerson? FromPayload(JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.Object || !payload.TryGetProperty("claims", out var claimArray) || claimArray.ValueKind != JsonValueKind.Array) return null;
        var claims = claimArray.EnumerateArray()
            .Where(c => c.ValueKind == JsonValueKind.Object && Text(c, "typ") is not null && Text(c, "val") is not null)
            .Select(c => new PrincipalClaim(Text(c, "typ")!, Text(c, "val")!))
            .ToList();
        var roleType = Text(payload, "role_typ") ?? RoleClaimType;
        var nameType = Text(payload, "name_typ") ?? NameClaimType;
        string? First(params string[] types) =>
            types.Select(t => claims.FirstOrDefault(c => c.Type == t && !string.IsNullOrWhiteSpace(c.Value))?.Value).FirstOrDefault(v => v is not null);

        var email = First(EmailClaims) ?? First(nameType);
        if (string.IsNullOrWhiteSpace(email)) return null;
        var roles = Accounts.Roles.Known(claims.Where(c => c.Type == roleType || c.Type == AppRolesClaimType).Select(c => c.Value));
        return new SignedInPerson(email.Trim(), (First("name", nameType) ?? email).Trim(), roles);
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    /// <summary>The claims App Service would present for <paramref name="person"/> (header and <c>/.auth/me</c>).</summary>
    public static IReadOnlyList<PrincipalClaim> ClaimsOf(SignedInPerson person) =>
    [
        new("name", person.Name),
        new("preferred_username", person.Email),
        new(EmailClaimType, person.Email),
        new(NameClaimType, person.Email),
        .. person.Roles.Select(role => new PrincipalClaim(AppRolesClaimType, role)),
    ];

    /// <summary>The header value App Service would inject for <paramref name="person"/>.</summary>
    public static string Write(SignedInPerson person) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Payload
        {
            AuthType = "aad",
            NameType = NameClaimType,
            RoleType = RoleClaimType,
            Claims = ClaimsOf(person).ToList(),
        })));

    private sealed class Payload
    {
        [JsonPropertyName("auth_typ")] public string? AuthType { get; init; }
        [JsonPropertyName("name_typ")] public string? NameType { get; init; }
        [JsonPropertyName("role_typ")] public string? RoleType { get; init; }
        [JsonPropertyName("claims")] public List<PrincipalClaim>? Claims { get; init; }
    }
}

/// <summary>One claim as App Service writes it: <c>{ "typ", "val" }</c>.</summary>
public sealed record PrincipalClaim([property: JsonPropertyName("typ")] string Type, [property: JsonPropertyName("val")] string Value);
