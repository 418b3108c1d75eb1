using System.Text.Json;

namespace Outreach.Console.Api;

// The shapes of the admin API's answers and bodies (see GET /api/openapi.json), as far as the console reads them.

public sealed record AudienceCounts(int Pending, int Confirmed, int Unsubscribed);

public sealed record AudienceSummary(
    string Id, string Name, string? NameEn, string? Description, string? DescriptionEn, string Cadence, bool OpenForSignup, int SortOrder, AudienceCounts Counts)
{
    public string NameIn(string language) => language == "en" && !string.IsNullOrWhiteSpace(NameEn) ? NameEn : Name;
}

public sealed record AudienceBody(string? Id, string Name, string? NameEn, string? Description, string? DescriptionEn, string Cadence, bool OpenForSignup, int SortOrder);

public sealed record SubscriberRow(string Email, string? FirstName, string Status, DateTimeOffset? SubscribedAt, DateTimeOffset? ConfirmedAt, DateTimeOffset? UnsubscribedAt, string? Source);

public sealed record SubscriberPage(IReadOnlyList<SubscriberRow> Items, string? ContinuationToken);

public sealed record Membership(string Audience, string Status, DateTimeOffset? SubscribedAt, DateTimeOffset? ConfirmedAt, DateTimeOffset? UnsubscribedAt, string? Source);

public sealed record PersonProfile(string? FirstName, string? Language, DateTimeOffset? CreatedAt);

public sealed record EventRegistration(string Session, string? Status, DateTimeOffset? RegisteredAt, DateTimeOffset? CancelledAt, string? Source, bool? Attended);

/// <summary>GET /api/admin/subscribers/{email}: everything held about one address.</summary>
public sealed record PersonRecord(
    string Email, PersonProfile? Profile, IReadOnlyList<Membership> Memberships, IReadOnlyList<JsonElement> Consents, string? Suppressed,
    IReadOnlyList<EventRegistration> EventRegistrations);

public sealed record ImportLine(int Line, string? Email, string Outcome, string? Reason);

public sealed record ImportReport(string AudienceId, string Status, int Added, int Updated, int Skipped, int Invalid, IReadOnlyList<ImportLine> Lines);

public sealed record TemplateSummary(string Id, string Name, string Kind);

public sealed record IssueSection
{
    public string Title { get; set; } = "";
    public string Body { get; set; } = "";
    public string? Link { get; set; }
    public string? LinkLabel { get; set; }
    public string? Kicker { get; set; }
}

/// <summary>What the editor sends: the body of POST/PUT /api/admin/newsletters and of the draft preview.</summary>
public sealed record IssueContent
{
    public string Subject { get; set; } = "";
    public string? Preheader { get; set; }
    public string? TemplateId { get; set; }
    public string? Edition { get; set; }
    public string Editorial { get; set; } = "";
    public List<IssueSection> Sections { get; set; } = [];
    public IssueSection? Dossier { get; set; }
    public List<string> Audiences { get; set; } = [];
}

public sealed record IssueSummary(string Id, string Subject, string Status, DateTime? SendAtLocal, string? TimeZone, DateTimeOffset? SendAt, string? CampaignId, DateTimeOffset UpdatedAt);

public sealed record IssueDetail(
    string Id, string Status, string? CampaignId, string? CampaignState, DateTime? SendAt, string? TimeZone, DateTimeOffset? SendAtUtc,
    string Subject, string? Preheader, string? TemplateId, string? Edition, string Editorial, List<IssueSection>? Sections, IssueSection? Dossier, List<string>? Audiences)
{
    public IssueContent ToContent() => new()
    {
        Subject = Subject, Preheader = Preheader, TemplateId = TemplateId, Edition = Edition, Editorial = Editorial,
        Sections = Sections ?? [], Dossier = Dossier, Audiences = Audiences ?? [],
    };
}

public sealed record Created(string Id);

public sealed record Preview(string Html, string Text);

public sealed record TestSent(int Sent);

public sealed record Scheduled(string CampaignId, DateTime? SendAt, string? TimeZone, DateTimeOffset? SendAtUtc);

public sealed record CampaignSummary(
    string Id, string State, string Kind, string? SourceId, string Subject, IReadOnlyList<string> Audiences, DateTime? SendAt, string? TimeZone,
    DateTimeOffset? DueAt, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt);

public sealed record CampaignCounts(
    int Planned, int Sent, int Suppressed, int Failed, int Unknown, int Cancelled, int Pending, int Batches,
    int Delivered, int Opened, int Clicked, int Bounced, int Dropped, int Deferred, int SpamReports, int Unsubscribed);

public sealed record CampaignStatus(
    string Id, string State, string Kind, string? SourceId, string Subject, IReadOnlyList<string> Audiences, DateTime? SendAt, string? TimeZone,
    DateTimeOffset? DueAt, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, DateTimeOffset? CancelledAt,
    bool PlanningDone, CampaignCounts Counts, IReadOnlyList<string> Problems)
{
    public bool IsLive => State is CampaignStates.Scheduled or CampaignStates.Sending;
}

public static class CampaignStates
{
    public const string Draft = "draft";
    public const string Scheduled = "scheduled";
    public const string Sending = "sending";
    public const string Sent = "sent";
    public const string Cancelled = "cancelled";
    public const string Failed = "failed";
}

// The events desk: sessions, series and their registrants as the admin API gives them (local times are Paris wall-clock).

public sealed record SessionSummary(
    string Id, string Title, string? Topic, string? Description, string? SeriesId, string Start, string End, string TimeZone,
    DateTimeOffset StartUtc, DateTimeOffset EndUtc, string JoinUrl, int? Capacity, bool Waitlist, string Status, int Sequence,
    string Url, SessionRegistrationCounts? Registrations, Dictionary<string, int>? MailsSent = null)
{
    /// <summary>"Les Jeudis de l'ODD 17 — Mesurer l'impact" for a session of a series, the title alone otherwise.</summary>
    public string DisplayName => string.IsNullOrEmpty(Topic) ? Title : $"{Title} — {Topic}";
}

public sealed record SessionRegistrationCounts(int Registered, int Waitlisted, int Cancelled);

public sealed record SessionList(List<SessionSummary> Items);

public sealed record SeriesSummary(string Id, string Title, string TimeZone, string Weekday, string StartTime, string EndTime, string From, string To, int SessionCount);

public sealed record SeriesList(List<SeriesSummary> Items);

public sealed record SeriesPlanView(string Id, string Title, List<PlannedSessionView> Sessions);

public sealed record PlannedSessionView(string Id, string Start, string End, DateTimeOffset StartUtc, string? Topic, string Status);

public sealed record RegistrantPage(RegistrantCounts Counts, List<Registrant> Items, string? ContinuationToken);

public sealed record RegistrantCounts(int Registered, int Waitlisted, int Cancelled, int? Capacity);

public sealed record Registrant(string Email, string? FirstName, string Status, DateTimeOffset? RegisteredAt, string? Source);

// Mail templates (Liquid) as the admin API gives them.

public sealed record MailTemplateView(string Language, string Name, string Purpose, bool Marketing, bool Edited, DateTimeOffset UpdatedAt, string? Source);

// The automatic sends: each digest with its schedule, next period and articles.

public sealed record DigestView(string Audience, List<string> Days, string Time, bool ReviewBeforeSend, DigestNextView Next, List<ArticleView> Articles);

public sealed record DigestNextView(string Period, DateTimeOffset DueAt, string LocalDue, string State, int Articles);

public sealed record ArticleView(string Id, string Title, string Summary, string Url, List<string> Audiences, DateTimeOffset PublishedAt);

// The record (admin): the audit log and the API keys.

public sealed record AuditPage(List<AuditEntry> Items, string? ContinuationToken);

public sealed record AuditEntry(DateTimeOffset At, string Actor, string? Role, string Action, string? Target, string Outcome, int? Status);

public sealed record ApiKeyView(string Id, string Name, string Role, string State, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt);

public sealed record CreatedApiKey(string Id, string Name, string Role, string Key);

// The calendar of everything that goes out.

public sealed record CalendarEntry(string Kind, string Title, DateTimeOffset At, string Local, string? Id, string? State);

public sealed record CalendarPage(List<CalendarEntry> Items);

public sealed record ReplaySent(int Recipients, int Attended, int Missed, List<string>? UnknownAttendees);

public sealed record FeedView(string Url, List<string> Audiences, DateTimeOffset? LastPolledAt, int? Added, string? Error);

public sealed record LayoutTemplateView(string Id, string Name, string Kind, string? Source, DateTimeOffset UpdatedAt);

// Reports: campaigns and sessions, aggregates only.

public sealed record LinkClicksView(string Url, int People, int Clicks);

public sealed record HourView(int Hour, int Delivered, int Opens, int Clicks);

public sealed record FirstDaysView(int Delivered, int Opens, int Clicks);

public sealed record CampaignReportView(
    string Id, string Kind, string Subject, string State, DateTimeOffset? StartedAt, bool TrackOpens, int Sent, int Delivered,
    int? UniqueOpens, double? OpenRate, int UniqueClicks, int Clicks, double ClickRate, int Bounces, Dictionary<string, int> BouncesByKind,
    int Dropped, int Complaints, int Unsubscribes, List<LinkClicksView> Links, FirstDaysView First72Hours, List<HourView> Hours);

public sealed record ComparedCampaigns(List<CampaignReportView> Campaigns);

public sealed record WebinarReportView(
    string SessionId, string Title, DateTimeOffset StartUtc, bool Over, int Registered, int Waitlisted, int Cancelled, int Pending,
    int Attended, int? NoShows, Dictionary<string, int> RegisteredBy);
// Segments: a saved filter over one audience (profile and engagement conditions) and how many it reaches now.

public sealed record SegmentView(string Id, string Name, string Audience, SegmentWhere Where, DateTimeOffset CreatedAt);

public sealed record SegmentWhere(List<string>? StructureType, List<string>? Tags, List<EngagementView>? Engagement);

/// <summary>One engagement condition: exactly one member set, as the API stores it.</summary>
public sealed record EngagementView(EventTarget? Registered = null, EventTarget? Attended = null, EventTarget? Missed = null, int? ClickedInLastCampaigns = null);

/// <summary>A session or a series (exactly one of the two).</summary>
public sealed record EventTarget(string? Session = null, string? Series = null);

public sealed record SegmentCount(int Count);
