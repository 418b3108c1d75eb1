using Microsoft.AspNetCore.Http;
using Outreach.Core.Common.Validation;

namespace Outreach.Functions.Http;

/// <summary>
/// The query of a list route that pages: <c>?status=</c> (one of a fixed set, optional), <c>?pageSize=1..1000</c>
/// (100 by default) and <c>?continuationToken=</c> as the previous page gave it.
/// </summary>
public sealed record PagingQuery(string? Status, int PageSize, string? ContinuationToken, ValidationErrors Errors)
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    public bool IsValid => Errors.IsValid;

    public static PagingQuery Read(HttpRequest request, IReadOnlyList<string> statuses)
    {
        var errors = new ValidationErrors();
        var status = request.Query["status"].FirstOrDefault();
        if (status is not null && !statuses.Contains(status))
            errors.Add("status", $"status must be {string.Join(", ", statuses.SkipLast(1))} or {statuses[^1]}.");
        var pageSize = DefaultPageSize;
        if (request.Query["pageSize"].FirstOrDefault() is { } size && (!int.TryParse(size, out pageSize) || pageSize is < 1 or > MaxPageSize))
            errors.Add("pageSize", $"pageSize must be a whole number from 1 to {MaxPageSize}.");
        return new PagingQuery(status, pageSize, request.Query["continuationToken"].FirstOrDefault(), errors);
    }
}
