using Outreach.Core.Audiences.Imports;
using Outreach.Core.Audiences.Profiles;
using Outreach.Core.Common.Validation;
using Outreach.Core.Subscriptions;

namespace Outreach.Core.Audiences.Segments;

/// <summary>What the team asks for: <c>{ name, audience, where: { structureType?, tags?, fields?, signedUpAfter?, signedUpBefore?, engagement? } }</c>.</summary>
public sealed record SegmentDraft(string? Name, string? Audience, SegmentFilterDraft? Where);

public sealed record SegmentFilterDraft(
    IReadOnlyList<string?>? StructureType, IReadOnlyList<string?>? Tags, IReadOnlyDictionary<string, string?>? Fields,
    DateTimeOffset? SignedUpAfter, DateTimeOffset? SignedUpBefore, System.Text.Json.JsonElement? Engagement);

/// <summary>Segments: saved, checked filters over one audience, and how many confirmed members each reaches now.</summary>
public sealed class SegmentService(SegmentStore segments, AudienceStore audiences, CustomFieldStore customFields, MembershipStore memberships, SegmentEngagement engagement, TimeProvider clock)
{
    public const int MaxConditions = 20;

    public async Task<(Segment? Segment, ValidationErrors Errors)> CreateAsync(SegmentDraft draft, CancellationToken cancellationToken = default)
    {
        var errors = new ValidationErrors();
        var name = draft.Name?.Trim();
        if (string.IsNullOrEmpty(name) || ProfileText.Check("name", name, 120) is not null) errors.Add("name", "name is required: at most 120 characters on one line, no < or >.");
        if (draft.Audience is null || await audiences.FindAsync(draft.Audience, cancellationToken) is null) errors.Add("audience", "audience must be the id of an existing audience.");
        var filter = Read(draft.Where, await customFields.LoadAsync(cancellationToken), errors) with
        {
            Engagement = await engagement.ReadAsync(draft.Where?.Engagement, errors, cancellationToken),
        };
        if (ConditionCount(filter) > MaxConditions) errors.Add("where", $"At most {MaxConditions} conditions.");
        if (!errors.IsValid) return (null, errors);

        var segment = new Segment { Id = Guid.NewGuid().ToString("N"), Name = name!, AudienceId = draft.Audience!, Where = filter, CreatedAt = clock.GetUtcNow() };
        await segments.AddAsync(segment, cancellationToken);
        return (segment, errors);
    }

    public Task<Segment?> FindAsync(string id, CancellationToken cancellationToken = default) => segments.FindAsync(id, cancellationToken);

    public Task<IReadOnlyList<Segment>> ListAsync(CancellationToken cancellationToken = default) => segments.ListAsync(cancellationToken);

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) => segments.DeleteAsync(id, cancellationToken);

    /// <summary>The confirmed members a campaign to the segment would reach now: the audience's pages, filtered as the planner does.</summary>
    public async Task<int?> CountAsync(string id, CancellationToken cancellationToken = default)
    {
        if (await segments.FindAsync(id, cancellationToken) is not { } segment) return null;
        var match = await engagement.ResolveAsync(segment.Where, segment.AudienceId, clock.GetUtcNow(), cancellationToken);
        var count = 0;
        await foreach (var page in memberships.StreamConfirmedAsync(segment.AudienceId, null, 1000, match, cancellationToken)) count += page.Count;
        return count;
    }

    private static SegmentFilter Read(SegmentFilterDraft? where, CustomFieldSet fields, ValidationErrors errors)
    {
        if (where is null) return new SegmentFilter();

        var types = new List<string>();
        foreach (var text in where.StructureType ?? [])
        {
            if (StructureTypes.Parse(text) is { } type) types.Add(type);
            else errors.Add("where.structureType", $"Unknown type de structure: {Shorten(text)} ({string.Join(", ", StructureTypes.All)}).");
        }

        var tags = new List<string>();
        foreach (var text in where.Tags ?? [])
        {
            if (Tags.Normalize(text) is { } tag) tags.Add(tag);
            else errors.Add("where.tags", $"Not a tag: {Shorten(text)} (letters, digits, - and _, at most {Tags.MaxLength} characters).");
        }

        var values = new Dictionary<string, string>();
        foreach (var (id, text) in where.Fields ?? new Dictionary<string, string?>())
        {
            var field = fields.Find(id);
            var (value, error) = field is null ? (null, $"Unknown custom field: {Shorten(id)}.") : text is null ? (null, $"{field.Label}: a value is required.") : field.Read(text);
            if (error is not null) errors.Add("where.fields", error);
            else values[id] = value!;
        }

        if (where.SignedUpAfter >= where.SignedUpBefore) errors.Add("where.signedUpBefore", "signedUpBefore must come after signedUpAfter.");
        return new SegmentFilter
        {
            StructureType = types.Distinct().ToList(), Tags = Tags.Union(tags, []), Fields = values,
            SignedUpAfter = where.SignedUpAfter, SignedUpBefore = where.SignedUpBefore,
        };
    }

    private static int ConditionCount(SegmentFilter filter) => filter.StructureType.Count + filter.Tags.Count + filter.Fields.Count + filter.Engagement.Count;

    internal static string Shorten(string? value) => value is null ? "(empty)" : value.Length > 40 ? value[..40] + "…" : value;
}
