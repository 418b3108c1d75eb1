namespace Outreach.Core.Common.Storage;

/// <summary>
/// Every queue's logical name (lower case, digits and dashes), declared once for the functions' triggers, the code that
/// enqueues and the DevHost; <see cref="StorageAccount"/> adds the configured prefix.
/// </summary>
public static class QueueNames
{
    /// <summary>Sign-ups accepted by the form or the API, waiting for the state-dependent work.</summary>
    public const string Signups = "signups";

    /// <summary>Transactional mails waiting for the transport; retried by the queue, poisoned after maxDequeueCount.</summary>
    public const string OutgoingMail = "outgoing-mail";

    /// <summary>Campaign planner steps.</summary>
    public const string CampaignPlan = "campaign-plan";

    /// <summary>Campaign batches to send. Poisoned batches land in <c>campaign-batches-poison</c>.</summary>
    public const string CampaignBatches = "campaign-batches";

    /// <summary>Mails to every registrant of a session, one message per page of registrants.</summary>
    public const string EventMail = "events-mail";

    /// <summary>Chunks of a started import job, each written batch by batch.</summary>
    public const string ImportChunks = "import-chunks";

    /// <summary>Where a queue's messages go after maxDequeueCount failed attempts: its name and this suffix.</summary>
    public const string PoisonSuffix = "-poison";
}
