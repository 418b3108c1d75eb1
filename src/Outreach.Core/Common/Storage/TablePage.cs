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

    /// <summary>The page of <paramref name="query"/> that starts at <paramref name="continuationToken"/>.</summary>
    public static async Task<TablePage<T>> ReadAsync(AsyncPageable<TableEntity> query, string? continuationToken, int pageSize, Func<TableEntity, T> map)
    {
        if (!ContinuationTokens.IsWellFormed(continuationToken)) return RefusedToken;
        try
        {
            await foreach (var page in query.AsPages(continuationToken, pageSize))
                return new(page.Values.Select(map).ToList(), page.ContinuationToken);
            return new([], null);
        }
        catch (Exception e) when (ContinuationTokens.IsRefusal(e, continuationToken))
        {
            return RefusedToken;
        }
    }

    /// <summary>Every page that <paramref name="readPage"/> gives, following its continuation tokens, empty pages skipped.</summary>
    public static async IAsyncEnumerable<IReadOnlyList<T>> StreamAsync(Func<string?, Task<TablePage<T>>> readPage)
    {
        string? continuation = null;
        do
        {
            var (items, next) = await readPage(continuation);
            if (items.Count > 0) yield return items;
            continuation = next;
        }
        while (continuation is not null);
    }
}

/// <summary>How a table continuation token that a client sends back is checked.</summary>
public static class ContinuationTokens
{
    /// <summary>No token, or one with the shape of one: the next partition key and row key, separated by one space.</summary>
    public static bool IsWellFormed(string? token) => token is null || token.Split(' ') is [{ Length: > 0 }, _];

    /// <summary>The table service refuses a token it cannot read with a 400; the client cannot always split one.</summary>
    public static bool IsRefusal(Exception exception, string? token) =>
        token is not null && exception is RequestFailedException { Status: 400 } or FormatException or ArgumentException;
}
