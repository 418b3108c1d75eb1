using System.Globalization;
using Outreach.Core.Audiences;

namespace Outreach.Core.Subscriptions;

/// <summary>Writes an audience's members as CSV, page by page, so any size streams in constant memory.</summary>
public sealed class SubscriberExport(MembershipStore memberships)
{
    public const string Header = "email,firstName,status,subscribedAt,confirmedAt,unsubscribedAt,source";

    public async Task WriteCsvAsync(string audienceId, string? status, TextWriter writer, CancellationToken cancellationToken = default)
    {
        await writer.WriteLineAsync(Header);
        await foreach (var page in memberships.StreamMembersAsync(audienceId, status, cancellationToken))
        {
            foreach (var m in page)
            {
                await writer.WriteLineAsync(string.Join(',',
                    Csv.Field(m.Email), Csv.Field(m.FirstName), m.Status, Date(m.SubscribedAt), Date(m.ConfirmedAt), Date(m.UnsubscribedAt), Csv.Field(m.Source)));
            }

            await writer.FlushAsync(cancellationToken);
        }
    }

    private static string Date(DateTimeOffset? value) => value?.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) ?? "";
}
