using Outreach.Core.Audiences;
using Outreach.Core.Common.Storage;
using Outreach.Core.Events.Sessions;
using Outreach.Core.Subscriptions;

namespace Outreach.Core.Events.Registrations;

/// <summary>A session's registrations by status; <c>Pending</c>: asked for a limited session's place and not confirmed yet (they hold no seat).</summary>
public sealed record RegistrationCounts(int Registered, int Waitlisted, int Cancelled, int? Capacity, int Pending = 0);

/// <summary>
/// A session's report: registered (with a seat now), waitlisted, cancelled, attended (from the personal join links or an
/// uploaded list) and, once it is over, no-shows (a seat, no attendance); and by which way people registered.
/// </summary>
public sealed record WebinarReport(
    string SessionId, string Title, DateTimeOffset StartUtc, bool Over, int Registered, int Waitlisted, int Cancelled, int Pending,
    int Attended, int? NoShows, IReadOnlyDictionary<string, int> RegisteredBy);

/// <summary>Who registered to a session, for the team: counts, pages, the report, and the CSV export streamed page by page.</summary>
public sealed class RegistrantReport(RegistrationStore registrations, EventStore events, Mails.EventMailLedger mails, TimeProvider clock)
{
    /// <summary>What <see cref="Registration.Source"/> says when nothing was recorded (registrations made before it was).</summary>
    public const string UnknownSource = "unknown";

    public const string CsvHeader = "email,firstName,status,registeredAt,seatSince,waitlistedAt,cancelledAt,source,attended";

    /// <summary>The mails the session has sent, by kind (<c>invite-0</c>, <c>invite-1</c> for an update, <c>cancel-…</c>, <c>reminder-…</c>, <c>replay-…</c>, <c>programme-…</c>), with how many registrants each went to.</summary>
    public Task<IReadOnlyDictionary<string, int>> MailsSentAsync(EventSession session, CancellationToken cancellationToken = default) =>
        mails.SentByKindAsync(session.Id, cancellationToken);

    public async Task<RegistrationCounts> CountRegistrationsAsync(EventSession session, CancellationToken cancellationToken = default)
    {
        var counts = await registrations.CountByStatusAsync(session.Id, cancellationToken);
        return new RegistrationCounts(counts[RegistrationStatus.Registered], counts[RegistrationStatus.Waitlisted], counts[RegistrationStatus.Cancelled], session.Capacity, counts[RegistrationStatus.Pending]);
    }

    public Task<TablePage<Registration>> PageRegistrationsAsync(
        string sessionId, string? status, int pageSize, string? continuationToken, CancellationToken cancellationToken = default) =>
        registrations.PageAsync(sessionId, status, pageSize, continuationToken, cancellationToken);

    /// <summary>Streams a session's registrants as CSV, page by page, with one column per question (multiple choices joined by " | ").</summary>
    public async Task WriteRegistrationsCsvAsync(string sessionId, TextWriter writer, CancellationToken cancellationToken = default)
    {
        var questions = (await events.FindSessionAsync(sessionId, cancellationToken))?.Questions ?? [];
        await writer.WriteLineAsync(CsvHeader + string.Concat(questions.Select(q => "," + Csv.Field(q.Label))));
        await foreach (var page in registrations.StreamAsync(sessionId, cancellationToken))
        {
            foreach (var r in page)
            {
                var answers = questions.Select(q => Csv.Field(string.Join(" | ", r.Answers.GetValueOrDefault(q.Id) ?? [])));
                await writer.WriteLineAsync(string.Join(',', new[]
                {
                    Csv.Field(r.Email), Csv.Field(r.FirstName), r.Status, Iso(r.RegisteredAt), Iso(r.SeatSince),
                    Iso(r.WaitlistedAt), Iso(r.CancelledAt), Csv.Field(r.Source), r.Attended switch { true => "yes", false => "no", null => "" },
                }.Concat(answers)));
            }
        }
    }

    /// <summary>Null when there is no such session.</summary>
    public async Task<WebinarReport?> ReportAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        if (await events.FindSessionAsync(sessionId, cancellationToken) is not { } session) return null;
        var byStatus = new Dictionary<string, int>(StringComparer.Ordinal);
        var bySource = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var (attended, seatsWithoutAttendance) = (0, 0);
        await foreach (var page in registrations.StreamAsync(session.Id, cancellationToken))
        {
            foreach (var r in page)
            {
                byStatus[r.Status] = byStatus.GetValueOrDefault(r.Status) + 1;
                var source = string.IsNullOrEmpty(r.Source) ? UnknownSource : r.Source;
                bySource[source] = bySource.GetValueOrDefault(source) + 1;
                if (r.Attended == true) attended++;
                else if (r.HasSeat) seatsWithoutAttendance++;
            }
        }

        var over = clock.GetUtcNow() >= session.EndUtc;
        return new WebinarReport(session.Id, session.DisplayTitle, session.StartUtc, over,
            byStatus.GetValueOrDefault(RegistrationStatus.Registered), byStatus.GetValueOrDefault(RegistrationStatus.Waitlisted),
            byStatus.GetValueOrDefault(RegistrationStatus.Cancelled), byStatus.GetValueOrDefault(RegistrationStatus.Pending),
            attended, over ? seatsWithoutAttendance : null, bySource);
    }

    public static string ToCsv(WebinarReport report)
    {
        var csv = new System.Text.StringBuilder("figure,value\r\n");
        void Line(string name, int? value) => csv.Append(Csv.Field(name)).Append(',').Append(value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "").Append("\r\n");
        Line("registered", report.Registered);
        Line("waitlisted", report.Waitlisted);
        Line("cancelled", report.Cancelled);
        Line("pending", report.Pending);
        Line("attended", report.Attended);
        Line("noShows", report.NoShows);
        foreach (var (source, count) in report.RegisteredBy) Line("registered by: " + source, count);
        return csv.ToString();
    }

    private static string Iso(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) ?? "";
}
