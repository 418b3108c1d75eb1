using Outreach.Core.Campaigns.Pipeline;

namespace Outreach.Core.Campaigns;

/// <summary>The tables the delivery engine keeps (letters and digits only; the storage prefix is added by StorageAccount).</summary>
public static class DeliveryTables
{
    /// <summary>One row per campaign (PartitionKey = campaign id).</summary>
    public const string Campaigns = "campaigns";

    /// <summary>Campaigns waiting for their time: PartitionKey <c>due</c>, RowKey = due ticks + id, so "what is due" is one range query.</summary>
    public const string Schedule = "campaignschedule";

    /// <summary>Per campaign (PartitionKey = campaign id): the planning cursor, one row per batch with its manifest, failure rows.</summary>
    public const string Ledger = "deliveryledger";

    /// <summary>SendGrid events already applied (deduplication by sg_event_id) and event counters per campaign.</summary>
    public const string Events = "deliveryevents";
}

/// <summary>Queues of the campaign fan-out. Messages carry keys only (a few dozen bytes).</summary>
public static class DeliveryQueues
{
    /// <summary>Planner steps: <see cref="PlanStepMessage"/>.</summary>
    public const string CampaignPlan = "campaign-plan";

    /// <summary>Batches to send: <see cref="BatchMessage"/>. Poisoned batches land in <c>campaign-batches-poison</c>.</summary>
    public const string CampaignBatches = "campaign-batches";

    public const string PoisonSuffix = "-poison";
}

/// <summary>Blob containers of the delivery engine.</summary>
public static class DeliveryContainers
{
    /// <summary>Each campaign's content (subject, preheader, HTML, text), written once at creation.</summary>
    public const string CampaignContent = "campaign-content";
}

/// <summary>"Plan step <see cref="Step"/> of campaign <see cref="CampaignId"/>" (steps are numbered from 1).</summary>
public sealed record PlanStepMessage(string CampaignId, int Step);

/// <summary>"Send batch <see cref="Batch"/> of campaign <see cref="CampaignId"/>".</summary>
public sealed record BatchMessage(string CampaignId, int Batch);
