using System.Text.Json;
using Outreach.Core.Common.Storage;

namespace Outreach.Core.Campaigns.Pipeline;

/// <summary>Writes the fan-out's queue messages (small JSON: ids and numbers only).</summary>
public sealed class DeliveryQueue(StorageAccount storage)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task EnqueuePlanStepAsync(string campaignId, int step, CancellationToken cancellationToken = default)
    {
        var queue = await storage.QueueAsync(QueueNames.CampaignPlan);
        await queue.SendMessageAsync(JsonSerializer.Serialize(new PlanStepMessage(campaignId, step), Json), cancellationToken);
    }

    /// <summary>Queues a batch, visible after <paramref name="delay"/> (a retry honouring SendGrid's rate limit or back-off).</summary>
    public async Task EnqueueBatchAsync(string campaignId, int batch, TimeSpan? delay = null, CancellationToken cancellationToken = default)
    {
        var queue = await storage.QueueAsync(QueueNames.CampaignBatches);
        var visibility = delay is { } wait && wait > TimeSpan.Zero ? Clamp(wait) : (TimeSpan?)null;
        await queue.SendMessageAsync(Serialize(new BatchMessage(campaignId, batch)), visibility, cancellationToken: cancellationToken);
    }

    /// <summary>Puts a batch message in <c>campaign-batches-poison</c>, where the Functions host would have put it.</summary>
    public async Task PoisonBatchAsync(BatchMessage message, CancellationToken cancellationToken = default)
    {
        var queue = await storage.QueueAsync(QueueNames.CampaignBatches + QueueNames.PoisonSuffix);
        await queue.SendMessageAsync(Serialize(message), cancellationToken);
    }

    public static string Serialize(BatchMessage message) => JsonSerializer.Serialize(message, Json);

    /// <summary>Reads a batch message; null when it is not one (such a message is dropped, not retried).</summary>
    public static BatchMessage? ParseBatch(string body)
    {
        try
        {
            var message = JsonSerializer.Deserialize<BatchMessage>(body, Json);
            return message is { CampaignId.Length: > 0, Batch: > 0 } ? message : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Reads a planner step message; null when it is not one.</summary>
    public static PlanStepMessage? ParsePlanStep(string body)
    {
        try
        {
            var message = JsonSerializer.Deserialize<PlanStepMessage>(body, Json);
            return message is { CampaignId.Length: > 0, Step: > 0 } ? message : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // Azure Storage allows a visibility timeout of at most 7 days.
    private static TimeSpan Clamp(TimeSpan delay) => delay > TimeSpan.FromDays(7) ? TimeSpan.FromDays(7) : delay;
}
