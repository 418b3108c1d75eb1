namespace Outreach.Core.Common.Storage;

/// <summary>
/// Every table's logical name, in one place (letters and digits only); <see cref="StorageAccount"/> adds the configured
/// prefix. Queues are in <see cref="QueueNames"/>, blob containers in <see cref="ContainerNames"/>.
/// </summary>
public static class TableNames
{
    public const string Audiences = "audiences";
    public const string Members = "members";
    public const string Contacts = "contacts";
    public const string Consents = "consents";
    public const string Suppressions = "suppressions";
    public const string ApiKeys = "apikeys";
    public const string AuditLog = "auditlog";
    public const string CustomFields = "customfields";
    public const string Imports = "imports";
    public const string Segments = "segments";

    // ---- mail ----

    /// <summary>The transactional mails' Liquid templates, seeded from the shipped files.</summary>
    public const string MailTemplates = "mailtemplates";

    // ---- campaigns ----

    /// <summary>One row per campaign (PartitionKey = campaign id).</summary>
    public const string Campaigns = "campaigns";

    /// <summary>Campaigns waiting for their time: PartitionKey <c>due</c>, RowKey = due ticks + id, so "what is due" is one range query.</summary>
    public const string CampaignSchedule = "campaignschedule";

    /// <summary>
    /// One row per repeat key (a source id, an admin's Idempotency-Key) naming the campaign it made: a second hand-over with
    /// that key finds the same campaign. PartitionKey = SHA-256 of the key.
    /// </summary>
    public const string CampaignSources = "campaignsources";

    /// <summary>Per campaign (PartitionKey = campaign id): the planning cursor, one row per batch with its manifest, failure rows.</summary>
    public const string DeliveryLedger = "deliveryledger";

    /// <summary>SendGrid events already applied (deduplication by sg_event_id) and event counters per campaign.</summary>
    public const string DeliveryEvents = "deliveryevents";

    /// <summary>
    /// Who clicked in which campaign, for the unique-click counts and the "clicked in the last N campaigns" segments:
    /// PartitionKey = the person's contact key (so an erasure removes one partition), RowKey = campaign id (the person
    /// clicked in it) or campaign id + <c>~</c> + link hash (the person clicked that link). Nothing else is kept.
    /// </summary>
    public const string Clicks = "clicks";

    // ---- newsletters ----

    public const string Newsletters = "newsletters";
    public const string Templates = "templates";
    public const string Archive = "archive";
    public const string Digests = "digests";
    public const string Articles = "articles";
    public const string ArticleIndex = "articleindex";

    // ---- events ----

    public const string EventSessions = "eventsessions";

    /// <summary>
    /// Hourly counters that bound what anonymous registrations can cause: PartitionKey = <c>mail-</c> + contact key or
    /// <c>net-</c> + client network, RowKey = the UTC hour (<c>yyyyMMddHH</c>). A key's earlier hours are deleted when it starts a new one.
    /// </summary>
    public const string RegistrationAllowances = "registrationallowances";
    public const string EventSeries = "eventseries";
    public const string EventRegistrations = "eventregistrations";
    public const string EventContacts = "eventcontacts";
    public const string EventLedger = "eventledger";

    /// <summary>
    /// Fan-outs written before the change they follow is saved (PartitionKey <c>pending</c>, RowKey = session id | ledger
    /// kind), removed once their plan message is queued; the events timer queues those a crash left behind.
    /// </summary>
    public const string EventMailJobs = "eventmailjobs";
}
