using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Outreach.Core.Campaigns;
using Outreach.Core.Campaigns.Pipeline;
using Outreach.Core.Common.Storage;

namespace Outreach.Functions.Campaigns;

/// <summary>The campaign fan-out: planner steps write batches, each batch becomes one SendGrid request.</summary>
public sealed class CampaignQueueFunctions(CampaignPlanner planner, BatchSender sender, ILogger<CampaignQueueFunctions> logger)
{
    /// <summary>One planner step: up to Delivery:BatchesPerPlanStep batch manifests written and queued.</summary>
    [Function("PlanCampaign")]
    public Task Plan([QueueTrigger(QueueNames.CampaignPlan)] QueueMessage message, CancellationToken cancellationToken)
    {
        var step = DeliveryQueue.ParsePlanStep(message.Body.ToString());
        if (step is not null) return planner.PlanStepAsync(step, message.DequeueCount, cancellationToken);
        logger.LogWarning("Dropped a message of {Queue} that is not a planner step: {Body}", QueueNames.CampaignPlan, message.Body.ToString());
        return Task.CompletedTask;
    }

    /// <summary>One batch sent, exactly once (the ledger decides); the dequeue count tells the sender when it is the last try.</summary>
    [Function("SendCampaignBatch")]
    public Task Send([QueueTrigger(QueueNames.CampaignBatches)] QueueMessage message, CancellationToken cancellationToken)
    {
        var batch = DeliveryQueue.ParseBatch(message.Body.ToString());
        if (batch is not null) return sender.SendAsync(batch, message.DequeueCount, cancellationToken);
        logger.LogWarning("Dropped a message of {Queue} that is not a batch: {Body}", QueueNames.CampaignBatches, message.Body.ToString());
        return Task.CompletedTask;
    }
}

public sealed class DispatchCampaignsFunction(CampaignDispatcher dispatcher)
{
    /// <summary>Every minute: scheduled campaigns that are due leave; sending ones are followed and closed when settled.</summary>
    [Function("DispatchCampaigns")]
    public Task Run([TimerTrigger("0 * * * * *")] TimerInfo timer, CancellationToken cancellationToken) => dispatcher.DispatchAsync(cancellationToken);
}
