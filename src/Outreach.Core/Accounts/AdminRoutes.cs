namespace Outreach.Core.Accounts;

/// <summary>Who may call one admin route, and whether calling it exports personal data.</summary>
public sealed record RouteAccess(string Method, string Route, IReadOnlyList<string> Roles, bool ExportsPersonalData = false)
{
    /// <summary><c>"POST admin/newsletters/{id}/schedule"</c>: how the table and the tests name a route.</summary>
    public string Key => $"{Method} {Route}";

    /// <summary>The roles that may call the route, admin always among them.</summary>
    public IReadOnlyList<string> AllowedRoles => Accounts.Roles.Known([.. Roles, Accounts.Roles.Admin]);

    public bool Allows(string role) => AllowedRoles.Contains(role);

    /// <summary>Every state-changing request is on record, and so is every export of personal data.</summary>
    public bool IsAudited => ExportsPersonalData || !(Method is "GET" or "HEAD");
}

/// <summary>
/// The route → roles table: every <c>/api/admin/...</c> route with the roles that may call it (admin may call them all).
/// A route missing here answers 403 to everyone but admin, and a test fails until it is added.
/// </summary>
public static class AdminRoutes
{
    public const string Prefix = "admin/";

    /// <summary>Reads of lists and counts, which every role needs.</summary>
    private static readonly string[] Everyone = [Roles.Editor, Roles.Publisher, Roles.Privacy];

    /// <summary>Drafts, previews and test sends.</summary>
    private static readonly string[] Editors = [Roles.Editor, Roles.Publisher];

    /// <summary>What reaches subscribers: schedule, send, cancel, session changes that mail registrants, replays.</summary>
    private static readonly string[] Publishers = [Roles.Publisher];

    /// <summary>Personal data: subscriber details, GDPR export and erasure, imports, exports, suppressions.</summary>
    private static readonly string[] PrivacyOfficers = [Roles.Privacy];

    /// <summary>Audiences, templates, API keys, the audit log.</summary>
    private static readonly string[] AdminsOnly = [];

    public static readonly IReadOnlyList<RouteAccess> Table =
    [
        // Audiences and subscribers
        Route("GET admin/audiences", Everyone),
        Route("POST admin/audiences", AdminsOnly),
        Route("PUT admin/audiences/{id}", AdminsOnly),
        Route("GET admin/audiences/{id}/subscribers", PrivacyOfficers, exportsPersonalData: true),
        Route("GET admin/audiences/{id}/export.csv", PrivacyOfficers, exportsPersonalData: true),
        Route("POST admin/audiences/{id}/import", PrivacyOfficers),
        Route("POST admin/audiences/{id}/imports", PrivacyOfficers),
        Route("POST admin/imports/{id}/start", PrivacyOfficers),
        Route("GET admin/imports/{id}", PrivacyOfficers),
        Route("GET admin/imports/{id}/rejected.csv", PrivacyOfficers, exportsPersonalData: true),

        // Segments (a campaign to one still needs a publisher)
        Route("GET admin/segments", Everyone),
        Route("GET admin/segments/{id}", Everyone),
        Route("GET admin/segments/{id}/count", Everyone),
        Route("POST admin/segments", Editors),
        Route("DELETE admin/segments/{id}", Editors),

        // Custom fields on contacts (defined by admins, read by everyone who builds segments)
        Route("GET admin/custom-fields", Everyone),
        Route("POST admin/custom-fields", AdminsOnly),
        Route("DELETE admin/custom-fields/{id}", AdminsOnly),
        Route("GET admin/signup-form", Everyone),
        Route("PUT admin/signup-form", AdminsOnly),
        Route("GET admin/subscribers/{email}", PrivacyOfficers, exportsPersonalData: true),
        Route("DELETE admin/subscribers/{email}", PrivacyOfficers),
        Route("POST admin/subscribers/export", PrivacyOfficers, exportsPersonalData: true),
        Route("POST admin/subscribers/erase", PrivacyOfficers),
        Route("DELETE admin/suppressions/{email}", PrivacyOfficers),
        Route("POST admin/suppressions/lift", PrivacyOfficers),

        // Profiles and tags (personal data: privacy officers)
        Route("PUT admin/subscribers/{email}/profile", PrivacyOfficers),
        Route("POST admin/subscribers/profile", PrivacyOfficers),
        Route("POST admin/tags/add", PrivacyOfficers),
        Route("POST admin/tags/remove", PrivacyOfficers),

        // Templates
        Route("GET admin/templates", Editors),
        Route("GET admin/templates/{id}", Editors),
        Route("POST admin/templates", AdminsOnly),
        Route("PUT admin/templates/{id}", AdminsOnly),
        Route("GET admin/templates/{id}/preview", Editors),
        Route("POST admin/templates/{id}/restore", AdminsOnly),

        // Mail templates (confirmation, welcome, event mails, programme): what every such mail says from the next one on
        Route("GET admin/mail-templates", Editors),
        Route("GET admin/mail-templates/{language}/{name}", Editors),
        Route("GET admin/mail-templates/{language}/{name}/preview", Editors),
        Route("PUT admin/mail-templates/{language}/{name}", Publishers),
        Route("POST admin/mail-templates/{language}/{name}/restore", Publishers),

        // Newsletter issues
        Route("GET admin/newsletters", Editors),
        Route("GET admin/newsletters/{id}", Editors),
        Route("POST admin/newsletters", Editors),
        Route("PUT admin/newsletters/{id}", Editors),
        Route("GET admin/newsletters/{id}/preview", Editors),
        Route("POST admin/newsletters/{id}/test", Editors),
        Route("POST admin/newsletters/{id}/schedule", Publishers),
        Route("POST admin/newsletters/{id}/cancel", Publishers),

        // Campaigns (creating one schedules it)
        Route("GET admin/campaigns", Editors),
        Route("GET admin/campaigns/{id}", Editors),
        Route("GET admin/campaigns/{id}/report", Editors),
        Route("GET admin/reports/campaigns", Editors),
        Route("POST admin/campaigns", Publishers),
        Route("POST admin/campaigns/{id}/cancel", Publishers),
        Route("POST admin/campaigns/test", Editors),

        // Articles for the digests
        Route("POST admin/articles", Editors),
        Route("GET admin/articles", Editors),
        Route("PUT admin/articles/{id}", Editors),
        Route("DELETE admin/articles/{id}", Editors),

        // The automatic sends: what a digest will carry is the editors'; when and whether it goes, the publishers'
        Route("GET admin/digests", Editors),
        Route("GET admin/feeds", Editors),
        Route("GET admin/digests/{audienceId}/next/preview", Editors),
        Route("PUT admin/digests/{audienceId}", Publishers),
        Route("POST admin/digests/{audienceId}/next/hold", Publishers),
        Route("POST admin/digests/{audienceId}/next/approve", Publishers),
        Route("POST admin/digests/{audienceId}/next/skip", Publishers),

        // Webinars and series
        Route("POST admin/events", Editors),
        Route("GET admin/events/{id}", Editors),
        Route("PUT admin/events/{id}", Publishers),
        Route("POST admin/events/{id}/cancel", Publishers),
        Route("POST admin/events/{id}/replay", Publishers),
        Route("GET admin/events/{id}/report", Editors),
        Route("GET admin/events/{id}/registrations", PrivacyOfficers, exportsPersonalData: true),
        Route("POST admin/series", Editors),
        Route("GET admin/series/{id}", Editors),

        // The events desk's lists (reads) and a series' sessions before it is saved
        Route("GET admin/events", Editors),
        Route("GET admin/series", Editors),
        Route("POST admin/series/preview", Editors),

        // The calendar of everything that goes out
        Route("GET admin/calendar", Everyone),

        // Accounts
        Route("POST admin/keys", AdminsOnly),
        Route("GET admin/keys", AdminsOnly),
        Route("DELETE admin/keys/{id}", AdminsOnly),
        Route("GET admin/audit", AdminsOnly),
    ];

    private static readonly Dictionary<string, RouteAccess> ByKey = Table.ToDictionary(r => r.Key, StringComparer.OrdinalIgnoreCase);

    public static bool IsAdminRoute(string route) => route.Trim('/').StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>The table's entry for a method and route template (as in the function's trigger), or null.</summary>
    public static RouteAccess? Find(string method, string route) =>
        ByKey.GetValueOrDefault($"{method.ToUpperInvariant()} {route.Trim('/')}");

    /// <summary>The entry, or admin-only for an admin route the table does not list yet (never open by omission).</summary>
    public static RouteAccess For(string method, string route) =>
        Find(method, route) ?? new RouteAccess(method.ToUpperInvariant(), route.Trim('/'), AdminsOnly);

    private static RouteAccess Route(string methodAndRoute, string[] roles, bool exportsPersonalData = false)
    {
        var (method, route) = (methodAndRoute[..methodAndRoute.IndexOf(' ')], methodAndRoute[(methodAndRoute.IndexOf(' ') + 1)..]);
        return new RouteAccess(method, route, roles, exportsPersonalData);
    }
}
