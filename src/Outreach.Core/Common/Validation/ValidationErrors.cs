namespace Outreach.Core.Common.Validation;

/// <summary>Field-level validation errors, keyed by field name (the shape of RFC 9457 validation problems).</summary>
public sealed class ValidationErrors : Dictionary<string, string[]>
{
    public bool IsValid => Count == 0;

    public void Add(string field, string message) =>
        this[field] = TryGetValue(field, out var existing) ? [.. existing, message] : [message];
}
