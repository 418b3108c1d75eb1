using Microsoft.Extensions.Logging;
using Outreach.Core.Audiences;

namespace Outreach.Core.Events.Sessions;

/// <summary>A weekly series ("Les Jeudis de l'ODD 17"): one session per week between two dates, one topic each, a programme audience.</summary>
public sealed class SeriesAdminService(EventStore events, AudienceStore audiences, SessionDefaults defaults, TimeProvider clock, ILogger<SeriesAdminService> logger)
{
    /// <summary>Creates the series and its sessions.</summary>
    public async Task<SeriesChangeResult> CreateAsync(SeriesDraft draft, CancellationToken cancellationToken = default)
    {
        var planned = await PlanAsync(draft, cancellationToken);
        if (planned.Change != EventChange.Created) return planned;
        await events.AddSeriesAsync(planned.Series!, planned.Sessions, cancellationToken);
        logger.LogInformation("Series {SeriesId} created with {Count} sessions", planned.Series!.Id, planned.Sessions.Count);
        return planned;
    }

    /// <summary>The series and the sessions <see cref="CreateAsync"/> would make of the draft, checked the same way; nothing is written.</summary>
    public Task<SeriesChangeResult> PreviewAsync(SeriesDraft draft, CancellationToken cancellationToken = default) => PlanAsync(draft, cancellationToken);

    private async Task<SeriesChangeResult> PlanAsync(SeriesDraft draft, CancellationToken cancellationToken)
    {
        var (plan, errors) = SeriesPlanner.Check(draft, defaults.TimeZone);
        var audienceId = plan?.ProgrammeAudience ?? defaults.ProgrammeAudienceId;
        if (plan is not null && await audiences.FindAsync(audienceId, cancellationToken) is null)
            errors.Add("programmeAudience", $"Unknown audience: {EventRules.Truncate(audienceId)}.");
        if (plan is null || !errors.IsValid) return new SeriesChangeResult(EventChange.Invalid, null, [], errors);

        var now = clock.GetUtcNow();
        var seriesId = EventIds.NewSeriesId(plan.Title);
        var sessions = plan.Sessions.Select(planned => new EventSession
        {
            Id = EventIds.SeriesSessionId(seriesId, planned.Date),
            Title = plan.Title,
            Description = plan.Description,
            Topic = planned.Topic,
            SeriesId = seriesId,
            LocalStart = planned.LocalStart,
            LocalEnd = planned.LocalEnd,
            TimeZone = plan.TimeZone,
            StartUtc = planned.StartUtc,
            EndUtc = planned.EndUtc,
            JoinUrl = plan.JoinUrl,
            Capacity = plan.Capacity,
            Waitlist = defaults.Waitlist,
            OrganizerName = defaults.OrganizerName,
            OrganizerEmail = defaults.OrganizerEmail,
            Questions = draft.Questions ?? [],
            CreatedAt = now,
            UpdatedAt = now,
        }).ToList();
        var series = new EventSeries
        {
            Id = seriesId,
            Title = plan.Title,
            Description = plan.Description,
            TimeZone = plan.TimeZone,
            Weekday = plan.Weekday,
            StartTime = plan.StartTime,
            EndTime = plan.EndTime,
            From = plan.From,
            To = plan.To,
            JoinUrl = plan.JoinUrl,
            Capacity = plan.Capacity,
            ProgrammeAudienceId = audienceId,
            SessionIds = sessions.Select(s => s.Id).ToList(),
            CreatedAt = now,
        };
        return new SeriesChangeResult(EventChange.Created, series, sessions);
    }
}
