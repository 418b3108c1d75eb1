using Microsoft.Extensions.Options;
using Outreach.Core.Campaigns;
using Outreach.Core.Common.Time;
using Outreach.Core.Common.Validation;
using Outreach.Core.Events;
using Outreach.Core.Events.Sessions;
using Outreach.Core.Newsletters;

namespace Outreach.Core.Calendar;

/// <summary>One thing on the calendar: what goes out (or takes place) when, and which screen shows it.</summary>
/// <param name="Kind">campaign, newsletter, digest (a campaign by kind), digest-planned, session, reminder or programme.</param>
public sealed record CalendarItem(string Kind, string Title, DateTimeOffset At, string? Id = null, string? State = null)
{
    /// <summary>The organisation's wall-clock time of <see cref="At"/>.</summary>
    public DateTime Local { get; init; }
}

/// <summary>
/// Everything that goes out over a period, gathered from where each is kept: campaigns (issues and digests once sent
/// or scheduled), the digests the schedules will send, webinar sessions, their reminders and the series' programme
/// mails. Reads only; planned digests and reminders are computed from the schedules and lead times that apply now.
/// </summary>
public sealed class OutgoingCalendar(CampaignStore campaigns, EventStore events, DigestSchedules digests, IOptions<EventsOptions> eventOptions, NewsletterViews views, TimeProvider clock)
{
    public const int MaxDays = 62;
    private const int CampaignsRead = 500;

    /// <summary>The items between <paramref name="from"/> and <paramref name="to"/> (days, <c>to</c> included; by default the current month), earliest first.</summary>
    public async Task<(IReadOnlyList<CalendarItem>? Items, ValidationErrors Errors)> ListAsync(string? from, string? to, CancellationToken cancellationToken = default)
    {
        var errors = new ValidationErrors();
        var today = DateOnly.FromDateTime(ZonedTime.ToLocal(clock.GetUtcNow(), views.Zone));
        var first = QueryDays.Read(from, "from", errors) ?? new DateOnly(today.Year, today.Month, 1);
        var last = QueryDays.Read(to, "to", errors) ?? first.AddMonths(1).AddDays(-1);
        if (errors.IsValid && (last < first || last.DayNumber - first.DayNumber >= MaxDays))
            errors.Add("to", $"'to' must be on or after 'from', at most {MaxDays} days later.");
        if (!errors.IsValid) return (null, errors);

        var (start, end) = (Instant(first), Instant(last.AddDays(1)));
        var items = new List<CalendarItem>();
        items.AddRange(await CampaignItemsAsync(start, end, cancellationToken));
        items.AddRange(await SessionItemsAsync(start, end, cancellationToken));
        items.AddRange(await DigestItemsAsync(first, last, cancellationToken));
        return (items.Where(i => i.At >= start && i.At < end).OrderBy(i => i.At).ThenBy(i => i.Kind, StringComparer.Ordinal)
            .Select(i => i with { Local = ZonedTime.ToLocal(i.At, views.Zone) }).ToList(), errors);
    }

    private async Task<IEnumerable<CalendarItem>> CampaignItemsAsync(DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken) =>
        (await campaigns.ListRecentAsync(CampaignsRead, cancellationToken))
            .Select(c => new CalendarItem(c.Kind, c.Subject, c.DueAt ?? c.StartedAt ?? c.CreatedAt, c.Id, c.State));

    /// <summary>Sessions, and for each one still scheduled its reminders and (for a series' first session) the programme mail.</summary>
    private async Task<IEnumerable<CalendarItem>> SessionItemsAsync(DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
    {
        var options = eventOptions.Value;
        var longestLead = options.Reminders.Append(options.ProgrammeLeadTime).Max();
        var sessions = await events.ListStartingBetweenAsync(start, end + longestLead, cancellationToken);
        var items = new List<CalendarItem>();
        foreach (var session in sessions)
        {
            var title = session.DisplayTitle;
            items.Add(new CalendarItem("session", title, session.StartUtc, session.Id, session.Status));
            if (session.IsCancelled) continue;
            items.AddRange(options.Reminders.Select(lead => new CalendarItem("reminder", title, session.StartUtc - lead, session.Id)));
        }

        foreach (var firsts in sessions.Where(s => s.SeriesId is not null && !s.IsCancelled).GroupBy(s => s.SeriesId!))
        {
            var opening = firsts.MinBy(s => s.StartUtc)!;
            if (await events.FindSeriesAsync(firsts.Key, cancellationToken) is { } series && series.SessionIds.FirstOrDefault() == opening.Id)
                items.Add(new CalendarItem("programme", series.Title, opening.StartUtc - options.ProgrammeLeadTime, opening.Id));
        }

        return items;
    }

    /// <summary>The digests the schedules will send on each of their days (whether they find news is known only then).</summary>
    private async Task<IEnumerable<CalendarItem>> DigestItemsAsync(DateOnly first, DateOnly last, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var items = new List<CalendarItem>();
        foreach (var schedule in await digests.ListAsync(cancellationToken))
            for (var day = first; day <= last; day = day.AddDays(1))
            {
                var due = ZonedTime.ToInstant(day.ToDateTime(schedule.LocalTime), views.Zone);
                if (schedule.Days.Contains(day.DayOfWeek) && due > now) items.Add(new CalendarItem("digest-planned", schedule.Audience, due, schedule.Audience));
            }

        return items;
    }

    private DateTimeOffset Instant(DateOnly day) => ZonedTime.ToInstant(day.ToDateTime(TimeOnly.MinValue), views.Zone);
}
