using Azure;
using Azure.Data.Tables;

namespace Outreach.Core.Common.Storage;

/// <summary>
/// One page of a table query for a client that pages with continuation tokens, or the answer that the token it sent
/// back is not one this query gave (tampered, truncated, from another list): an outcome, never a storage exception.
/// </summary>
public sealed record TablePage<T>(IReadOnlyList<T> Items, string? ContinuationToken)
{
    public bool InvalidToken { get; private init; }

    public static TablePage<T> RefusedToken { get; } = new([], null) { InvalidToken = true };

    /// <summary>
    /// The page of <paramref name="query"/> that starts at <paramref name="continuationToken"/>. A token without the
    /// shape of one is refused here; the table service refuses one it cannot read with a 400.
    /// </summary>
    public static async Task<TablePage<T>> ReadAsync(AsyncPageable<TableEntity> query, string? continuationToken, int pageSize, Func<TableEntity, T> map)
    {
        if (continuationToken is not null && !HasTokenShape(continuationToken)) return RefusedToken;
        try
        {
            await foreach (var page in query.AsPages(continuationToken, pageSize))
                return new(page.Values.Select(map).ToList(), page.ContinuationToken);
            return new([], null);
        }
        catch (Exception e) when (continuationToken is not null && e is RequestFailedException { Status: 400 } or FormatException or ArgumentException)
        {
            return RefusedToken;
        }
    }

    /// <summary>A table continuation token is the next partition key and row key, separated by one space.</summary>
    private static bool HasTokenShape(string token) => token.Split(' ') is [{ Length: > 0 }, _];
}
