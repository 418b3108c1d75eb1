using System.Globalization;
using Microsoft.AspNetCore.Http;
using Outreach.Core.Common.Validation;

namespace Outreach.Functions.Http;

/// <summary>
/// The query of a list route that pages: <c>?status=</c> (one of a fixed set, when the list has statuses),
/// <c>?pageSize=1..1000</c> (100 by default; each list may say otherwise) and <c>?continuationToken=</c> as the previous
/// page gave it.
/// </summary>
public sealed record PagingQuery(string? Status, int PageSize, string? ContinuationToken, ValidationErrors Errors)
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    public bool IsValid => Errors.IsValid;

    public static PagingQuery Read(HttpRequest request, IReadOnlyList<string> statuses, int defaultPageSize = DefaultPageSize, int maxPageSize = MaxPageSize)
    {
        var errors = new ValidationErrors();
        var status = request.Query["status"].FirstOrDefault();
        if (status is not null && statuses.Count > 0 && !statuses.Contains(status))
            errors.Add("status", $"status must be {string.Join(", ", statuses.SkipLast(1))} or {statuses[^1]}.");
        var pageSize = defaultPageSize;
        if (request.Query["pageSize"].FirstOrDefault() is { } size && (!int.TryParse(size, CultureInfo.InvariantCulture, out pageSize) || pageSize < 1 || pageSize > maxPageSize))
            errors.Add("pageSize", $"pageSize must be a whole number from 1 to {maxPageSize}.");
        return new PagingQuery(status, pageSize, request.Query["continuationToken"].FirstOrDefault(), errors);
    }
}
