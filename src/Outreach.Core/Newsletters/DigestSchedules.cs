using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Outreach.Core.Common.Storage;

namespace Outreach.Core.Newsletters;

/// <summary>
/// The digests' schedules as they apply: the app settings (<see cref="DigestOptions"/>) are the defaults, and what the
/// team saved from the console (days, local time, review before send) overrides them, one row per audience in the
/// digests table (PartitionKey <c>~settings</c>).
/// </summary>
public sealed class DigestSchedules(IOptions<DigestOptions> options, StorageAccount storage)
{
    private const string Partition = "~settings";

    public async Task<IReadOnlyList<DigestSchedule>> ListAsync(CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Digests);
        var saved = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, cancellationToken: cancellationToken))
            saved[row.RowKey] = row;
        return options.Value.Schedules.Select(s => saved.TryGetValue(s.Audience, out var row) ? WithSaved(s, row) : s).ToList();
    }

    public async Task<DigestSchedule?> FindAsync(string audienceId, CancellationToken cancellationToken = default) =>
        (await ListAsync(cancellationToken)).FirstOrDefault(s => s.Audience == audienceId);

    /// <summary>Saves the days, time and review mode of one audience's digest (the template stays the app setting's).</summary>
    public async Task SaveAsync(DigestSchedule schedule, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.Digests);
        await table.UpsertEntityAsync(new TableEntity(Partition, schedule.Audience)
        {
            ["Days"] = string.Join(',', schedule.Days.Distinct().Order()),
            ["Time"] = schedule.Time,
            ["ReviewBeforeSend"] = schedule.ReviewBeforeSend,
        }, TableUpdateMode.Replace, cancellationToken);
    }

    private static DigestSchedule WithSaved(DigestSchedule defaults, TableEntity row) => new()
    {
        Audience = defaults.Audience,
        TemplateId = defaults.TemplateId,
        Days = (row.GetString("Days") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Enum.Parse<DayOfWeek>(d, ignoreCase: true)).ToList(),
        Time = row.GetString("Time") ?? defaults.Time,
        ReviewBeforeSend = row.GetBoolean("ReviewBeforeSend") ?? defaults.ReviewBeforeSend,
    };
}
