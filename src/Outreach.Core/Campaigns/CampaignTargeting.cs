using Outreach.Core.Audiences;
using Outreach.Core.Audiences.Segments;
using Outreach.Core.Common.Validation;

namespace Outreach.Core.Campaigns;

/// <summary>A draft checked and aimed: at its audiences, or at its segment's audience (with that segment).</summary>
public sealed record TargetedDraft(CampaignDraft Draft, Segment? Segment, ValidationErrors Errors);

/// <summary>
/// Checks a draft before anything is stored or sent (<see cref="CampaignRules"/> against the known audiences) and aims it
/// at its segment's audience when it names a segment; the one place <see cref="CampaignService"/> and
/// <see cref="CampaignHandOver"/> read a draft.
/// </summary>
public sealed class CampaignTargeting(AudienceStore audiences, SegmentStore segments)
{
    /// <summary>
    /// The draft checked, aimed at its segment's audience when it names a segment (a segment of audience A goes with
    /// <c>audiences</c> empty or exactly <c>[A]</c>), and normalised (trimmed, duplicates dropped).
    /// </summary>
    public async Task<TargetedDraft> CheckAsync(CampaignDraft draft, CancellationToken cancellationToken = default)
    {
        var known = (await audiences.ListAsync(cancellationToken)).Select(a => a.Id).ToList();
        if (draft.Segment is null) return new TargetedDraft(Normalised(draft), null, CampaignRules.Validate(draft, known));

        var segment = await segments.FindAsync(draft.Segment, cancellationToken);
        var targeted = segment is null ? draft : draft with { Audiences = [segment.AudienceId] };
        var errors = CampaignRules.Validate(targeted, known);
        if (segment is null) errors.Add("segment", "Unknown segment.");
        else if (draft.Audiences.Count > 0 && !draft.Audiences.Distinct().SequenceEqual([segment.AudienceId]))
            errors.Add("segment", $"This segment is part of the audience '{segment.AudienceId}': give that audience alone, or no audiences.");
        return new TargetedDraft(Normalised(targeted), segment, errors);
    }

    public static CampaignDraft Normalised(CampaignDraft draft) => draft with
    {
        Subject = draft.Subject.Trim(),
        Preheader = string.IsNullOrWhiteSpace(draft.Preheader) ? null : draft.Preheader.Trim(),
        Text = string.IsNullOrWhiteSpace(draft.Text) ? null : draft.Text,
        SourceId = string.IsNullOrWhiteSpace(draft.SourceId) ? null : draft.SourceId.Trim(),
        Audiences = draft.Audiences.Distinct(StringComparer.Ordinal).ToList(),
        Categories = draft.Categories.Select(c => c.Trim()).Distinct(StringComparer.Ordinal).ToList(),
    };
}
