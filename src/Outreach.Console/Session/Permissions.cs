using Outreach.Console.Localization;

namespace Outreach.Console.Session;

/// <summary>What a person does in the console, each mapped to the admin routes behind it.</summary>
public enum ConsoleAction
{
    /// <summary>GET admin/campaigns, admin/campaigns/{id}, admin/newsletters, admin/templates.</summary>
    ReadCampaigns,

    /// <summary>POST/PUT admin/newsletters, preview, test send.</summary>
    WriteIssues,

    /// <summary>POST admin/newsletters/{id}/schedule and /cancel, POST admin/campaigns/{id}/cancel.</summary>
    Publish,

    /// <summary>GET admin/audiences/{id}/subscribers, admin/subscribers/{email}, export.csv.</summary>
    ReadSubscribers,

    /// <summary>POST admin/audiences/{id}/import.</summary>
    Import,

    /// <summary>GET (export) and DELETE (erasure) admin/subscribers/{email}.</summary>
    ErasePersonalData,

    /// <summary>POST/PUT admin/audiences.</summary>
    EditAudiences,

    /// <summary>GET admin/events, admin/events/{id}, admin/series; POST admin/series (and its preview), POST admin/events.</summary>
    PlanWebinars,

    /// <summary>PUT admin/events/{id}, POST admin/events/{id}/cancel and /replay: what mails the registrants.</summary>
    ChangeSessions,

    /// <summary>GET admin/mail-templates and their previews.</summary>
    ReadMailTemplates,

    /// <summary>PUT admin/mail-templates/{language}/{name}, POST …/restore.</summary>
    EditMailTemplates,

    /// <summary>GET admin/digests and previews, GET admin/feeds, GET/POST/PUT/DELETE admin/articles.</summary>
    WriteArticles,

    /// <summary>PUT admin/digests/{audienceId}, POST …/next/hold, /approve, /skip.</summary>
    ReviewDigests,

    /// <summary>GET admin/audit; POST/GET/DELETE admin/keys.</summary>
    Administer,

    /// <summary>GET admin/calendar.</summary>
    ReadCalendar,

    /// <summary>POST and DELETE admin/segments.</summary>
    EditSegments,
}

/// <summary>
/// Which role each action needs, as the admin API's route → roles table decides (the API answers 403 otherwise; this
/// only lets the console disable what would be refused, and say why). Admin may do everything.
/// </summary>
public sealed class Permissions(SignIn signIn, Texts texts)
{
    private static readonly Dictionary<ConsoleAction, string[]> Needed = new()
    {
        [ConsoleAction.ReadCampaigns] = [Roles.Editor, Roles.Publisher],
        [ConsoleAction.WriteIssues] = [Roles.Editor, Roles.Publisher],
        [ConsoleAction.Publish] = [Roles.Publisher],
        [ConsoleAction.ReadSubscribers] = [Roles.Privacy],
        [ConsoleAction.Import] = [Roles.Privacy],
        [ConsoleAction.ErasePersonalData] = [Roles.Privacy],
        [ConsoleAction.EditAudiences] = [],
        [ConsoleAction.PlanWebinars] = [Roles.Editor, Roles.Publisher],
        [ConsoleAction.ChangeSessions] = [Roles.Publisher],
        [ConsoleAction.ReadMailTemplates] = [Roles.Editor, Roles.Publisher],
        [ConsoleAction.EditMailTemplates] = [Roles.Publisher],
        [ConsoleAction.WriteArticles] = [Roles.Editor, Roles.Publisher],
        [ConsoleAction.ReviewDigests] = [Roles.Publisher],
        [ConsoleAction.Administer] = [],
        [ConsoleAction.ReadCalendar] = [Roles.Editor, Roles.Publisher, Roles.Privacy],
        [ConsoleAction.EditSegments] = [Roles.Editor, Roles.Publisher],
    };

    public bool Can(ConsoleAction action) =>
        signIn.Person is { } person && (person.Roles.Contains(Roles.Admin) || Needed[action].Any(person.Roles.Contains));

    /// <summary>Why the action is unavailable: the roles that may do it. Null when the person may.</summary>
    public string? WhyNot(ConsoleAction action)
    {
        if (Can(action))
        {
            return null;
        }

        var roles = Needed[action].Append(Roles.Admin).Select(role => texts["role." + role]);
        return texts.Format("permission.needs", string.Join(texts["permission.or"], roles));
    }
}
