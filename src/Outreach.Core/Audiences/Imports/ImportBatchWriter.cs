using Outreach.Core.Audiences.Profiles;
using Outreach.Core.Subscriptions;

namespace Outreach.Core.Audiences.Imports;

/// <summary>How an import writes: as confirmed (the team attests consent, <see cref="Proof"/> says how) or pending, and under which id.</summary>
public sealed record ImportMode(bool AsConfirmed, string Proof, string ImportId, DateTimeOffset At)
{
    public string Status => AsConfirmed ? MemberStatus.Confirmed : MemberStatus.Pending;
}

/// <summary>What became of one line.</summary>
public sealed record ImportLine(int Line, string? Email, string Outcome, string? Reason = null);

/// <summary>What one line of a batch will do: its outcome and, when it writes, the rows it writes.</summary>
public sealed record ImportDecision(ImportLine Line, Member? Member = null, Contact? Contact = null, bool IsNewContact = false, bool DetailsChanged = false, ConsentRecord? Consent = null);

/// <summary>A batch decided: every line's outcome, and the writes (in contact-key order).</summary>
public sealed record ImportBatchPlan(string AudienceId, ImportMode Mode, IReadOnlyList<ImportLine> Lines, IReadOnlyList<ImportDecision> Writes);

/// <summary>
/// Writes one batch of an import: up to 100 contacts of one audience, sorted by contact key. Reads what exists with
/// three range queries (suppressions, memberships, profiles; one read may cover up to ten consecutive batches) and,
/// for each address not known yet, the peppered
/// suppression an erasure leaves (one point read); writes the memberships in one transaction, then the profiles and
/// consent records in a few more (grouped by partition). Suppressed, erased and unsubscribed addresses are never
/// re-added; existing profiles are completed (empty fields filled, tags added), never overwritten. Writing the same batch again changes nothing.
/// </summary>
public sealed class ImportBatchWriter(MembershipStore memberships, ContactStore contacts, SuppressionStore suppressions, AudienceStore audiences, SubscriptionService subscriptions)
{
    public const int BatchSize = 100;

    /// <summary>How many batches one read covers: each of its range queries then answers for up to 1,000 contacts.</summary>
    public const int BatchesPerRead = 10;

    /// <summary>Reads what exists for the batch and decides each line; nothing is written yet.</summary>
    public async Task<ImportBatchPlan> PlanAsync(string audienceId, IReadOnlyList<ImportedContact> batch, ImportMode mode, CancellationToken cancellationToken = default) =>
        (await PlanAsync(audienceId, [batch], mode, cancellationToken))[0];

    /// <summary>
    /// Reads what exists for consecutive batches (sorted by contact key, at most <see cref="BatchesPerRead"/>) with one
    /// range query per table over their whole key range, and decides each line of each batch; nothing is written yet.
    /// </summary>
    public async Task<IReadOnlyList<ImportBatchPlan>> PlanAsync(
        string audienceId, IReadOnlyList<IReadOnlyList<ImportedContact>> batches, ImportMode mode, CancellationToken cancellationToken = default)
    {
        if (batches.Count > BatchesPerRead) throw new ArgumentException($"At most {BatchesPerRead} batches per read.", nameof(batches));
        if (batches.Any(b => b.Count > BatchSize)) throw new ArgumentException($"At most {BatchSize} contacts per batch.", nameof(batches));
        var all = batches.SelectMany(b => b).ToList();
        if (all.Count == 0) return batches.Select(_ => new ImportBatchPlan(audienceId, mode, [], [])).ToList();
        var (first, last) = (all[0].Email.Key, all[^1].Email.Key);
        var suppressed = suppressions.FindSuppressedInRangeAsync(first, last, cancellationToken);
        var members = memberships.FindMembersInRangeAsync(audienceId, first, last, cancellationToken);
        var profiles = contacts.FindContactsInRangeAsync(first, last, cancellationToken);
        await Task.WhenAll(suppressed, members, profiles);
        // An erased address left no profile and no live suppression row, only its peppered one: look that up for each
        // address that would be new (one point read each).
        var unknown = all.Select(c => c.Email.Key).Where(k => !profiles.Result.ContainsKey(k) && !suppressed.Result.Contains(k)).ToList();
        suppressed.Result.UnionWith(await suppressions.FindKeptSuppressionsAsync(unknown, cancellationToken));

        return batches.Select(batch =>
        {
            var decisions = batch.Select(c => Decide(audienceId, c, suppressed.Result.Contains(c.Email.Key),
                members.Result.GetValueOrDefault(c.Email.Key), profiles.Result.GetValueOrDefault(c.Email.Key), mode)).ToList();
            return new ImportBatchPlan(audienceId, mode, decisions.Select(d => d.Line).ToList(), decisions.Where(d => d.Member is not null).ToList());
        }).ToList();
    }

    /// <summary>Writes what <see cref="PlanAsync"/> decided: the memberships in one transaction, then the profiles and consents.</summary>
    public async Task ApplyAsync(ImportBatchPlan plan, CancellationToken cancellationToken = default)
    {
        if (plan.Writes.Count == 0) return;
        await memberships.SaveMembersBatchAsync(plan.Writes.Select(d => d.Member!).ToList(), cancellationToken);
        // Profiles and consents go 100 to a transaction per partition (a batch's contacts, sorted by key, share a few);
        // a consent's row key names the contact and the import: the same on a second write of the batch.
        await contacts.SaveImportedProfilesAsync(
            plan.Writes.Select(d => new ImportedProfile(d.Contact!, d.IsNewContact, d.Consent, plan.Mode.ImportId)).ToList(), cancellationToken);
        var changed = plan.Writes.Where(d => d.DetailsChanged && !d.IsNewContact).Select(d => d.Contact!).ToList();
        await CopyToOtherMembershipsAsync(plan.AudienceId, changed, plan.Writes[0].Contact!.ContactKey, plan.Writes[^1].Contact!.ContactKey, cancellationToken);
        if (plan.Mode.AsConfirmed) return;
        foreach (var decision in plan.Writes.Where(d => d.Consent is not null))
            if (await contacts.FindContactAsync(decision.Contact!.ContactKey, cancellationToken) is { } contact)
                await subscriptions.SendConfirmationIfAllowedAsync(contact, contact.Language, cancellationToken);
    }

    public async Task<IReadOnlyList<ImportLine>> WriteAsync(string audienceId, IReadOnlyList<ImportedContact> batch, ImportMode mode, CancellationToken cancellationToken = default)
    {
        var plan = await PlanAsync(audienceId, batch, mode, cancellationToken);
        await ApplyAsync(plan, cancellationToken);
        return plan.Lines;
    }

    /// <summary>
    /// Writes consecutive batches read together (<see cref="BatchesPerRead"/> at most), one after the other; after each,
    /// <paramref name="written"/> is told its number in <paramref name="batches"/> and its lines.
    /// </summary>
    public async Task WriteAsync(
        string audienceId, IReadOnlyList<IReadOnlyList<ImportedContact>> batches, ImportMode mode,
        Func<int, IReadOnlyList<ImportLine>, Task> written, CancellationToken cancellationToken = default)
    {
        var plans = await PlanAsync(audienceId, batches, mode, cancellationToken);
        for (var i = 0; i < plans.Count; i++)
        {
            await ApplyAsync(plans[i], cancellationToken);
            await written(i, plans[i].Lines);
        }
    }

    private static ImportDecision Decide(string audienceId, ImportedContact line, bool suppressed, Member? existing, Contact? contact, ImportMode mode)
    {
        var email = line.Email.Value;
        if (suppressed) return new(new ImportLine(line.Line, email, "skipped", "suppressed"));

        if (existing?.Status == MemberStatus.Unsubscribed) return new(new ImportLine(line.Line, email, "skipped", "unsubscribed"));

        // A row this same import wrote (a batch written again after a crash): write it again the same way.
        var again = existing?.ImportId == mode.ImportId;

        var profile = contact ?? new Contact { ContactKey = line.Email.Key, Email = email, Language = line.Language ?? "fr", CreatedAt = mode.At };
        var completed = profile with { FirstName = profile.FirstName ?? line.FirstName, Details = profile.Details.CompletedWith(line.Details) };
        var detailsChanged = completed.FirstName != profile.FirstName || !completed.Details.SameAs(profile.Details) || !completed.Details.SameAs(existing?.Details ?? ContactDetails.None);
        var statusChanges = again || existing is null || (existing.Status == MemberStatus.Pending && mode.AsConfirmed);
        if (!statusChanges && !detailsChanged)
            return new(new ImportLine(line.Line, email, "skipped", existing!.Status == MemberStatus.Confirmed ? "already confirmed" : "already awaiting confirmation"));

        var member = new Member
        {
            AudienceId = audienceId, ContactKey = line.Email.Key, Email = email, FirstName = completed.FirstName,
            Status = statusChanges ? mode.Status : existing!.Status,
            SubscribedAt = existing?.SubscribedAt ?? mode.At,
            ConfirmedAt = statusChanges ? (mode.AsConfirmed ? mode.At : null) : existing!.ConfirmedAt,
            Source = statusChanges ? mode.Proof : existing!.Source,
            Details = completed.Details,
            ImportId = mode.ImportId,
        };
        var consent = statusChanges
            ? new ConsentRecord
            {
                At = mode.At, Action = ConsentActions.Import, Source = mode.Proof, WordingVersion = mode.AsConfirmed ? "attested-by-team" : ConsentWording.Version, Audiences = [audienceId],
            }
            : null;
        var outcome = existing is null || again ? new ImportLine(line.Line, email, "added")
            : statusChanges ? new ImportLine(line.Line, email, "updated", "pending → confirmed")
            : new ImportLine(line.Line, email, "updated", "profile completed");
        return new(outcome, member, completed, contact is null, detailsChanged, consent);
    }

    /// <summary>Details live on every membership row (segments read them there): copy changed ones to the contact's other audiences.</summary>
    private async Task CopyToOtherMembershipsAsync(string audienceId, IReadOnlyList<Contact> changed, string first, string last, CancellationToken cancellationToken)
    {
        if (changed.Count == 0) return;
        foreach (var other in (await audiences.ListAsync(cancellationToken)).Where(a => a.Id != audienceId))
        {
            var members = await memberships.FindMembersInRangeAsync(other.Id, first, last, cancellationToken);
            await memberships.CopyDetailsAsync(other.Id, changed.Where(c => members.ContainsKey(c.ContactKey)).ToList(), cancellationToken);
        }
    }
}
