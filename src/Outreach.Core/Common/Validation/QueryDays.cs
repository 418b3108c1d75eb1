using System.Globalization;

namespace Outreach.Core.Common.Validation;

/// <summary>A day named in a query (<c>?from=2026-10-01</c>): read, or an error for its field.</summary>
public static class QueryDays
{
    public static DateOnly? Read(string? text, string field, ValidationErrors errors)
    {
        if (string.IsNullOrEmpty(text)) return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
        errors.Add(field, $"'{field}' must be a date such as 2026-10-01.");
        return null;
    }
}
