namespace Outreach.Core.Accounts;

public enum CallerKind
{
    /// <summary>A person signed in with Entra ID (the DevHost emulates the sign-in).</summary>
    Person,

    /// <summary>A script with a named API key.</summary>
    Key,
}

/// <summary>Who is calling an admin route: a signed-in person (by e-mail) or a named API key, with their roles.</summary>
public sealed record Caller(CallerKind Kind, string Name, IReadOnlyList<string> Roles)
{
    public bool Has(string role) => Roles.Contains(role);

    /// <summary>The first of the caller's roles that <paramref name="access"/> allows, or null.</summary>
    public string? RoleAllowedBy(RouteAccess access) => Roles.FirstOrDefault(access.Allows);
}
