using System.Text.RegularExpressions;
using Outreach.Core.Common.Validation;
using Outreach.Core.Subscriptions;

namespace Outreach.Core.Audiences;

public enum AudienceChange
{
    Done,
    Invalid,
    NotFound,
    Conflict,
}

/// <summary>The comms team's view of audiences: counts, creation and edits.</summary>
public sealed partial class AudienceService(AudienceStore store, AudienceCounters counters)
{
    public static readonly IReadOnlyList<string> Cadences = ["daily", "weekdays", "weekly", "monthly", "series", "irregular"];

    public Task<IReadOnlyList<Audience>> ListOpenAsync(CancellationToken cancellationToken = default) =>
        store.ListAsync(cancellationToken).ContinueWith(t => (IReadOnlyList<Audience>)t.Result.Where(a => a.OpenForSignup).ToList(), cancellationToken);

    public async Task<IReadOnlyList<AudienceWithCounts>> ListWithCountsAsync(CancellationToken cancellationToken = default)
    {
        var all = await store.ListAsync(cancellationToken);
        var counts = await Task.WhenAll(all.Select(a => counters.ReadAsync(a.Id, cancellationToken)));
        return all.Select((a, i) => new AudienceWithCounts(a, counts[i])).ToList();
    }

    public static ValidationErrors Validate(Audience audience)
    {
        var errors = new ValidationErrors();
        if (!AudienceId().IsMatch(audience.Id)) errors.Add("id", "Id must be 2 to 40 lower-case letters, digits or dashes, starting with a letter.");
        CheckText(errors, "name", audience.Name, 120, required: true);
        CheckText(errors, "nameEn", audience.NameEn, 120, required: false);
        CheckText(errors, "description", audience.Description, 500, required: false);
        CheckText(errors, "descriptionEn", audience.DescriptionEn, 500, required: false);
        if (!Cadences.Contains(audience.Cadence)) errors.Add("cadence", $"Cadence must be one of: {string.Join(", ", Cadences)}.");
        return errors;
    }

    public async Task<(AudienceChange Change, ValidationErrors Errors)> CreateAsync(Audience audience, CancellationToken cancellationToken = default)
    {
        var errors = Validate(audience);
        if (!errors.IsValid) return (AudienceChange.Invalid, errors);
        return (await store.AddAsync(audience, cancellationToken) ? AudienceChange.Done : AudienceChange.Conflict, errors);
    }

    public async Task<(AudienceChange Change, ValidationErrors Errors)> UpdateAsync(Audience audience, CancellationToken cancellationToken = default)
    {
        var errors = Validate(audience);
        if (!errors.IsValid) return (AudienceChange.Invalid, errors);
        return (await store.ReplaceAsync(audience, cancellationToken) ? AudienceChange.Done : AudienceChange.NotFound, errors);
    }

    private static void CheckText(ValidationErrors errors, string field, string? value, int maxLength, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) errors.Add(field, $"{field} is required.");
            return;
        }

        if (value.Length > maxLength) errors.Add(field, $"{field} must be at most {maxLength} characters.");
        if (value.Any(c => char.IsControl(c) && c != '\n')) errors.Add(field, $"{field} must not contain control characters.");
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{1,39}$")]
    private static partial Regex AudienceId();
}
