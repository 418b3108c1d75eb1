using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Outreach.Core.Common.Storage;
using Outreach.Core.Common.Time;
using Outreach.Core.Events.Registrations;

namespace Outreach.Core.Events.Sessions;

/// <summary>
/// Sessions and series, each in one partition: there are tens to hundreds a year, and the clock's queries
/// ("what starts in the next day?") filter that partition on the UTC start.
/// </summary>
public sealed class EventStore(StorageAccount storage)
{
    private const string SessionPartition = "session";
    private const string SeriesPartition = "series";

    public async Task<EventSession?> FindSessionAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!EventIds.IsWellFormed(id)) return null;
        var table = await storage.TableAsync(TableNames.EventSessions);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(SessionPartition, id, cancellationToken: cancellationToken);
        return response.HasValue ? ToSession(response.Value!) : null;
    }

    /// <summary>Adds a new session; false when the id is taken.</summary>
    public async Task<bool> AddSessionAsync(EventSession session, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.EventSessions);
        return await table.TryAddAsync(ToEntity(session), cancellationToken) == WriteOutcome.Written;
    }

    /// <summary>Replaces a session read earlier; false (nothing written) when someone changed it meanwhile.</summary>
    public async Task<bool> TryReplaceSessionAsync(EventSession session, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.EventSessions);
        return (await table.TryUpdateAsync(ToEntity(session), session.ETag, TableUpdateMode.Replace, cancellationToken)).Written;
    }

    /// <summary>Scheduled sessions starting from <paramref name="fromUtc"/> (inclusive) up to <paramref name="untilUtc"/> (exclusive), earliest first.</summary>
    public async Task<IReadOnlyList<EventSession>> ListStartingBetweenAsync(DateTimeOffset fromUtc, DateTimeOffset untilUtc, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.EventSessions);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {SessionPartition} and StartUtc ge {fromUtc} and StartUtc lt {untilUtc}");
        var sessions = new List<EventSession>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            sessions.Add(ToSession(entity));
        return sessions.OrderBy(s => s.StartUtc).ThenBy(s => s.Id, StringComparer.Ordinal).ToList();
    }

    public async Task<IReadOnlyList<EventSession>> ListSessionsAsync(IEnumerable<string> ids, CancellationToken cancellationToken = default)
    {
        var found = await Task.WhenAll(ids.Select(id => FindSessionAsync(id, cancellationToken)));
        return found.OfType<EventSession>().OrderBy(s => s.StartUtc).ToList();
    }

    public async Task<EventSeries?> FindSeriesAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!EventIds.IsWellFormed(id)) return null;
        var table = await storage.TableAsync(TableNames.EventSeries);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(SeriesPartition, id, cancellationToken: cancellationToken);
        return response.HasValue ? ToSeries(response.Value!) : null;
    }

    /// <summary>Every series, the latest first.</summary>
    public async Task<IReadOnlyList<EventSeries>> ListSeriesAsync(CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.EventSeries);
        var series = new List<EventSeries>();
        await foreach (var entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == SeriesPartition, cancellationToken: cancellationToken))
            series.Add(ToSeries(entity));
        return series.OrderByDescending(s => s.From).ThenBy(s => s.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>Writes a series and its sessions. Sessions first, so a series never lists a session that is not stored.</summary>
    public async Task AddSeriesAsync(EventSeries series, IReadOnlyList<EventSession> sessions, CancellationToken cancellationToken = default)
    {
        var sessionTable = await storage.TableAsync(TableNames.EventSessions);
        foreach (var chunk in sessions.Chunk(100))
            await sessionTable.SubmitTransactionAsync(chunk.Select(s => new TableTransactionAction(TableTransactionActionType.Add, ToEntity(s))), cancellationToken);
        var seriesTable = await storage.TableAsync(TableNames.EventSeries);
        await seriesTable.AddEntityAsync(ToEntity(series), cancellationToken);
    }

    private static TableEntity ToEntity(EventSession s) => new(SessionPartition, s.Id)
    {
        ["Title"] = s.Title,
        ["Description"] = s.Description,
        ["Topic"] = s.Topic,
        ["SeriesId"] = s.SeriesId,
        ["LocalStart"] = ZonedTime.FormatLocal(s.LocalStart),
        ["LocalEnd"] = ZonedTime.FormatLocal(s.LocalEnd),
        ["TimeZone"] = s.TimeZone,
        ["StartUtc"] = s.StartUtc,
        ["EndUtc"] = s.EndUtc,
        ["JoinUrl"] = s.JoinUrl,
        ["Capacity"] = s.Capacity,
        ["Waitlist"] = s.Waitlist,
        ["OrganizerName"] = s.OrganizerName,
        ["OrganizerEmail"] = s.OrganizerEmail,
        ["Sequence"] = s.Sequence,
        ["Status"] = s.Status,
        ["ReplayUrl"] = s.ReplayUrl,
        ["Questions"] = s.Questions.Count == 0 ? null : JsonSerializer.Serialize(s.Questions, QuestionJson),
        ["CreatedAt"] = s.CreatedAt,
        ["UpdatedAt"] = s.UpdatedAt,
    };

    private static readonly JsonSerializerOptions QuestionJson = new(JsonSerializerDefaults.Web);

    private static EventSession ToSession(TableEntity e)
    {
        ZonedTime.TryParseLocal(e.GetString("LocalStart"), out var localStart);
        ZonedTime.TryParseLocal(e.GetString("LocalEnd"), out var localEnd);
        return new EventSession
        {
            Id = e.RowKey,
            Title = e.GetString("Title") ?? "",
            Description = e.GetString("Description"),
            Topic = e.GetString("Topic"),
            SeriesId = e.GetString("SeriesId"),
            LocalStart = localStart,
            LocalEnd = localEnd,
            TimeZone = e.GetString("TimeZone") ?? "Europe/Paris",
            StartUtc = e.GetDateTimeOffset("StartUtc") ?? default,
            EndUtc = e.GetDateTimeOffset("EndUtc") ?? default,
            JoinUrl = e.GetString("JoinUrl") ?? "",
            Capacity = e.GetInt32("Capacity"),
            Waitlist = e.GetBoolean("Waitlist") ?? true,
            OrganizerName = e.GetString("OrganizerName") ?? "",
            OrganizerEmail = e.GetString("OrganizerEmail") ?? "",
            Sequence = e.GetInt32("Sequence") ?? 0,
            Status = e.GetString("Status") ?? SessionStatus.Scheduled,
            ReplayUrl = e.GetString("ReplayUrl"),
            Questions = e.GetString("Questions") is { Length: > 0 } questions ? JsonSerializer.Deserialize<List<RegistrationQuestion>>(questions, QuestionJson) ?? [] : [],
            CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? default,
            UpdatedAt = e.GetDateTimeOffset("UpdatedAt") ?? default,
            ETag = e.ETag,
        };
    }

    private static TableEntity ToEntity(EventSeries s) => new(SeriesPartition, s.Id)
    {
        ["Title"] = s.Title,
        ["Description"] = s.Description,
        ["TimeZone"] = s.TimeZone,
        ["Weekday"] = s.Weekday.ToString(),
        ["StartTime"] = s.StartTime.ToString("HH:mm", CultureInfo.InvariantCulture),
        ["EndTime"] = s.EndTime.ToString("HH:mm", CultureInfo.InvariantCulture),
        ["From"] = s.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["To"] = s.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["JoinUrl"] = s.JoinUrl,
        ["Capacity"] = s.Capacity,
        ["ProgrammeAudienceId"] = s.ProgrammeAudienceId,
        ["SessionIds"] = string.Join(',', s.SessionIds),
        ["CreatedAt"] = s.CreatedAt,
    };

    private static EventSeries ToSeries(TableEntity e) => new()
    {
        Id = e.RowKey,
        Title = e.GetString("Title") ?? "",
        Description = e.GetString("Description"),
        TimeZone = e.GetString("TimeZone") ?? "Europe/Paris",
        Weekday = Enum.TryParse<DayOfWeek>(e.GetString("Weekday"), out var weekday) ? weekday : DayOfWeek.Thursday,
        StartTime = TimeOnly.ParseExact(e.GetString("StartTime") ?? "00:00", "HH:mm", CultureInfo.InvariantCulture),
        EndTime = TimeOnly.ParseExact(e.GetString("EndTime") ?? "00:00", "HH:mm", CultureInfo.InvariantCulture),
        From = DateOnly.ParseExact(e.GetString("From") ?? "2000-01-01", "yyyy-MM-dd", CultureInfo.InvariantCulture),
        To = DateOnly.ParseExact(e.GetString("To") ?? "2000-01-01", "yyyy-MM-dd", CultureInfo.InvariantCulture),
        JoinUrl = e.GetString("JoinUrl") ?? "",
        Capacity = e.GetInt32("Capacity"),
        ProgrammeAudienceId = e.GetString("ProgrammeAudienceId") ?? "",
        SessionIds = (e.GetString("SessionIds") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries),
        CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? default,
    };
}
