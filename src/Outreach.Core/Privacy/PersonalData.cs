using Outreach.Core.Accounts;
using Outreach.Core.Campaigns.Pipeline;
using Outreach.Core.Common.Storage;
using Outreach.Core.Events.Registrations;
using Outreach.Core.Subscriptions;

namespace Outreach.Core.Privacy;

/// <summary>One place of the storage account that holds something about a person, and how many rows or blobs.</summary>
public sealed record HeldIn(string Kind, string Name, int Count);

/// <summary>Everything held about one address: the subscriber's record, the webinar registrations, and where it all is.</summary>
public sealed record PersonalDataRecord(SubscriberRecord? Subscriber, IReadOnlyList<Registration> Registrations, IReadOnlyList<HeldIn> HeldIn);

/// <summary>
/// The GDPR access and erasure of one address across every capability: the lists (profile, memberships, consents,
/// suppression), webinar registrations and what their ledgers recorded, campaign delivery ledgers (manifests, refusals), who clicked in which campaign,
/// mails and sign-ups still queued, import jobs (their files, chunks and reports), and the audit log. The export's <c>heldIn</c> names the same places the erasure
/// clears, with counts; after an erasure only the peppered suppression and the audit entries (by peppered key) remain.
/// </summary>
public sealed class PersonalData(
    SubscriberPrivacy subscribers,
    RegistrationPrivacy registrations,
    DeliveryLedgerErasure deliveryLedger,
    Webhooks.SendGrid.ClickLedger clicks,
    QueuedPayloads queuedPayloads,
    Audiences.Imports.ImportJobStore importJobs,
    AuditLog audit)
{
    /// <summary>Null when nothing at all is held about the address.</summary>
    public async Task<PersonalDataRecord?> ExportAsync(EmailAddress email, CancellationToken cancellationToken = default)
    {
        // Every place is read at once: the export is the console's person page, and its slowest read sets its time.
        var recordRead = subscribers.ExportAsync(email, cancellationToken);
        var registeredRead = registrations.ExportAsync(email.Key, cancellationToken);
        var countsRead = registrations.CountAsync(email.Key, cancellationToken);
        var ledgerRead = deliveryLedger.CountAsync(email.Key, cancellationToken);
        var queuedRead = queuedPayloads.CountAsync(email.Key, cancellationToken);
        var importsRead = importJobs.FindOrEraseAsync(email, erase: false, cancellationToken);
        var auditRead = audit.CountAboutAsync(email, cancellationToken);
        var clicksRead = clicks.CountAsync(email.Key, cancellationToken);
        await Task.WhenAll(recordRead, registeredRead, countsRead, ledgerRead, queuedRead, importsRead, auditRead, clicksRead);
        var (record, registered) = (recordRead.Result, registeredRead.Result);
        var (sessions, mailsRecorded, allowances) = countsRead.Result;
        var (importRows, importBlobs) = importsRead.Result;
        var held = new List<HeldIn>
        {
            new("table", TableNames.Contacts, record?.Profile is null ? 0 : 1),
            new("table", TableNames.Members, record?.Memberships.Count ?? 0),
            new("table", TableNames.Consents, record?.Consents.Count ?? 0),
            new("table", TableNames.Suppressions, record?.SuppressionReason is null ? 0 : 1),
            new("table", TableNames.EventRegistrations, registered.Count),
            new("table", TableNames.EventContacts, sessions),
            new("table", TableNames.EventLedger, mailsRecorded),
            new("table", TableNames.RegistrationAllowances, allowances),
            new("table", TableNames.DeliveryLedger, ledgerRead.Result),
            new("table", TableNames.Clicks, clicksRead.Result),
            new("blob", ContainerNames.QueuedMessages, queuedRead.Result),
            new("table", TableNames.Imports, importRows),
            new("blob", ContainerNames.Imports, importBlobs),
            new("table", TableNames.AuditLog, auditRead.Result),
        };
        held.RemoveAll(h => h.Count == 0);
        return held.Count == 0 && record is null && registered.Count == 0 ? null : new PersonalDataRecord(record, registered, held);
    }

    /// <summary>Erases the address everywhere; only its peppered suppression (and the audit log's peppered mentions) stay.</summary>
    public async Task EraseAsync(EmailAddress email, CancellationToken cancellationToken = default)
    {
        var firstNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (await subscribers.ExportAsync(email, cancellationToken) is { } record)
        {
            if (record.Profile?.FirstName is { Length: > 0 } name) firstNames.Add(name);
            foreach (var member in record.Memberships) if (member.FirstName is { Length: > 0 } memberName) firstNames.Add(memberName);
        }

        foreach (var registration in await registrations.ExportAsync(email.Key, cancellationToken))
            if (registration.FirstName is { Length: > 0 } name) firstNames.Add(name);

        await subscribers.EraseAsync(email, async () =>
        {
            await queuedPayloads.EraseAsync(email.Key, cancellationToken);
            await deliveryLedger.EraseAsync(email.Key, [email.Value, .. firstNames], cancellationToken);
            await clicks.EraseAsync(email.Key, cancellationToken);
            await registrations.EraseAsync(email.Key, cancellationToken);
            await importJobs.FindOrEraseAsync(email, erase: true, cancellationToken);
        }, cancellationToken);
    }
}
