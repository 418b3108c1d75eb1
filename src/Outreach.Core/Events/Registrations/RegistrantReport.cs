using Outreach.Core.Audiences;
using Outreach.Core.Common.Storage;
using Outreach.Core.Events.Sessions;
using Outreach.Core.Subscriptions;

namespace Outreach.Core.Events.Registrations;

/// <summary>A session's registrations by status; <c>Pending</c>: asked for a limited session's place and not confirmed yet (they hold no seat).</summary>
public sealed record RegistrationCounts(int Registered, int Waitlisted, int Cancelled, int? Capacity, int Pending = 0);

/// <summary>Who registered to a session, for the team: counts, pages, and the CSV export streamed page by page.</summary>
public sealed class RegistrantReport(RegistrationStore registrations, EventStore events, Mails.EventMailLedger mails)
{
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

    private static string Iso(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) ?? "";
}
