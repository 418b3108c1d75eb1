namespace Outreach.Console.Session;

/// <summary>The comms-team roles (Entra app roles on Azure), from the least to the most trusted.</summary>
public static class Roles
{
    public const string Editor = "editor";
    public const string Publisher = "publisher";
    public const string Privacy = "privacy";
    public const string Admin = "admin";

    public static readonly string[] All = [Editor, Publisher, Privacy, Admin];
}

/// <summary>Who is signed in, as <c>/.auth/me</c> describes them.</summary>
public sealed record SignedInPerson(string Name, string Email, IReadOnlyList<string> Roles)
{
    public bool Has(string role) => Roles.Contains(Session.Roles.Admin) || Roles.Contains(role);
}
