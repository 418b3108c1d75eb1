using System.Text.Json;
using Outreach.Core.Common.Validation;

namespace Outreach.Core.Audiences.Segments;

/// <summary>
/// The engagement conditions of segments: read strictly from <c>where.engagement</c> (a list of conditions, or one
/// condition alone), and resolved into the contact keys that meet them all, once per count or planning step.
/// </summary>
public sealed class SegmentEngagement(IEventEngagement events, IClickEngagement clicks)
{
    public const string Field = "where.engagement";

    private static readonly string[] EventKinds = ["registered", "attended", "missed"];
    private const string Clicks = "clickedInLastCampaigns";

    /// <summary>The conditions in <paramref name="json"/>; what is wrong goes to <paramref name="errors"/> under <see cref="Field"/>.</summary>
    public async Task<IReadOnlyList<EngagementCondition>> ReadAsync(JsonElement? json, ValidationErrors errors, CancellationToken cancellationToken = default)
    {
        if (json is not { } element || element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) return [];
        IEnumerable<JsonElement> items = element.ValueKind switch
        {
            JsonValueKind.Array => element.EnumerateArray(),
            JsonValueKind.Object => [element],
            _ => [],
        };
        if (element.ValueKind is not (JsonValueKind.Array or JsonValueKind.Object))
            errors.Add(Field, "engagement must be a list of conditions such as { \"attended\": { \"session\": \"…\" } }.");

        var conditions = new List<EngagementCondition>();
        var number = 0;
        foreach (var item in items)
        {
            number++;
            if (await ReadOneAsync(item, $"Condition {number}", errors, cancellationToken) is { } condition) conditions.Add(condition);
        }

        return conditions.Distinct().ToList();
    }

    /// <summary>The filter with its engagement conditions resolved for the audience, as of <paramref name="asOf"/>.</summary>
    public async Task<SegmentMatch> ResolveAsync(SegmentFilter filter, string audienceId, DateTimeOffset asOf, CancellationToken cancellationToken = default)
    {
        HashSet<string>? engaged = null;
        foreach (var condition in filter.Engagement)
        {
            if (engaged is { Count: 0 }) break;
            var keys = await ContactKeysAsync(condition, audienceId, asOf, cancellationToken);
            if (engaged is null) engaged = new HashSet<string>(keys, StringComparer.Ordinal);
            else engaged.IntersectWith(keys);
        }

        return new SegmentMatch(filter, engaged);
    }

    private Task<IReadOnlySet<string>> ContactKeysAsync(EngagementCondition condition, string audienceId, DateTimeOffset asOf, CancellationToken cancellationToken) =>
        condition.AtEvent() is var (kind, target)
            ? events.ContactKeysAsync(kind, target, asOf, cancellationToken)
            : clicks.ClickedInLastCampaignsAsync(audienceId, condition.ClickedInLastCampaigns ?? 1, asOf, cancellationToken);

    private async Task<EngagementCondition?> ReadOneAsync(JsonElement item, string name, ValidationErrors errors, CancellationToken cancellationToken)
    {
        var properties = item.ValueKind == JsonValueKind.Object ? item.EnumerateObject().ToList() : [];
        if (properties.Count != 1)
        {
            errors.Add(Field, $"{name}: one of registered, attended, missed (each {{ \"session\": id }} or {{ \"series\": id }}) or {Clicks} (a number).");
            return null;
        }

        var (key, value) = (properties[0].Name, properties[0].Value);
        if (string.Equals(key, Clicks, StringComparison.OrdinalIgnoreCase)) return ReadClicks(value, name, errors);
        if (EventKinds.FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase)) is not { } kindName)
        {
            errors.Add(Field, $"{name}: unknown condition '{SegmentService.Shorten(key)}' (registered, attended, missed, {Clicks}; no per-person open data is kept).");
            return null;
        }

        var target = await ReadEventAsync(value, $"{name} ({kindName})", errors, cancellationToken);
        return target is null ? null : EngagementCondition.At(Enum.Parse<EventEngagement>(kindName, ignoreCase: true), target);
    }

    private static EngagementCondition? ReadClicks(JsonElement value, string name, ValidationErrors errors)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var count) && count is >= 1 and <= EngagementCondition.MaxCampaigns)
            return new EngagementCondition { ClickedInLastCampaigns = count };
        errors.Add(Field, $"{name}: {Clicks} must be a whole number from 1 to {EngagementCondition.MaxCampaigns}.");
        return null;
    }

    private async Task<EventRef?> ReadEventAsync(JsonElement value, string name, ValidationErrors errors, CancellationToken cancellationToken)
    {
        var properties = value.ValueKind == JsonValueKind.Object ? value.EnumerateObject().ToList() : [];
        if (properties is not [{ Value.ValueKind: JsonValueKind.String } only]
            || !(only.NameEquals("session") || only.NameEquals("series")) || string.IsNullOrWhiteSpace(only.Value.GetString()))
        {
            errors.Add(Field, $"{name}: give either {{ \"session\": id }} or {{ \"series\": id }}, not both, not neither.");
            return null;
        }

        var id = only.Value.GetString()!.Trim();
        var target = only.NameEquals("session") ? new EventRef { Session = id } : new EventRef { Series = id };
        if (await events.ExistsAsync(target, cancellationToken)) return target;
        errors.Add(Field, $"{name}: unknown {only.Name} '{SegmentService.Shorten(id)}'.");
        return null;
    }
}
