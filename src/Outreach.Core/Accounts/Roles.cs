namespace Outreach.Core.Accounts;

/// <summary>
/// The comms team's roles, as Entra app roles (values of the <c>roles</c> claim) and as the role of an API key.
/// A route names the roles that may call it; <see cref="Admin"/> may call every route.
/// </summary>
public static class Roles
{
    /// <summary>Drafts (issues, articles, webinars and series), previews, test sends; reads lists and counts.</summary>
    public const string Editor = "editor";

    /// <summary>Everything an editor does, plus schedule, send and cancel; session changes that mail registrants; replays.</summary>
    public const string Publisher = "publisher";

    /// <summary>Subscriber details, GDPR export and erasure, imports, exports, lifting a suppression.</summary>
    public const string Privacy = "privacy";

    /// <summary>Everything, including audiences, templates, API keys and the audit log.</summary>
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Editor, Publisher, Privacy, Admin];

    public static bool IsKnown(string? role) => role is not null && All.Contains(role);

    /// <summary>The known roles among <paramref name="values"/> (trimmed, case-insensitive), in the order of <see cref="All"/>; unknown ones are dropped.</summary>
    public static IReadOnlyList<string> Known(IEnumerable<string?> values)
    {
        var given = values.Select(v => v?.Trim().ToLowerInvariant()).ToHashSet();
        return All.Where(given.Contains).ToList();
    }
}
