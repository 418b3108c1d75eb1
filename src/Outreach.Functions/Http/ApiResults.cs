using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Outreach.Core.Pages.Rendering;
using Outreach.Core.Subscriptions;
using Outreach.Core.Common.Validation;

namespace Outreach.Functions.Http;

/// <summary>The answers functions give: JSON, RFC 9457 problems, HTML pages, redirects. Serialised here so both hosts answer byte for byte alike.</summary>
public static class ApiResults
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static ContentResult JsonBody(object value, int status = StatusCodes.Status200OK) => new()
    {
        Content = JsonSerializer.Serialize(value, Json),
        ContentType = "application/json; charset=utf-8",
        StatusCode = status,
    };

    /// <summary>The one builder of RFC 9457 problems, for every function, the worker middleware and the DevHost alike.</summary>
    public static ContentResult Problem(int status, string title, string? detail = null, IDictionary<string, string[]>? errors = null, IReadOnlyDictionary<string, object?>? extensions = null)
    {
        var problem = new Dictionary<string, object?>
        {
            ["type"] = "about:blank",
            ["title"] = title,
            ["status"] = status,
        };
        if (detail is not null) problem["detail"] = detail;
        if (errors is { Count: > 0 }) problem["errors"] = errors;
        foreach (var (name, value) in extensions ?? new Dictionary<string, object?>()) problem[name] = value;
        return new ContentResult
        {
            Content = JsonSerializer.Serialize(problem, Json),
            ContentType = "application/problem+json; charset=utf-8",
            StatusCode = status,
        };
    }

    /// <summary>Writes <paramref name="answer"/> straight to the response, where no MVC executor runs (middleware).</summary>
    public static async Task WriteAsync(HttpResponse response, ContentResult answer)
    {
        response.StatusCode = answer.StatusCode ?? StatusCodes.Status200OK;
        response.ContentType = answer.ContentType;
        await response.WriteAsync(answer.Content ?? "", response.HttpContext.RequestAborted);
    }

    public static ContentResult Invalid(ValidationErrors errors) =>
        Problem(StatusCodes.Status400BadRequest, "The request is not valid.", "See errors for each field.", errors);

    /// <summary>The answer to a body that could not be read (too large, not UTF-8, not the JSON expected).</summary>
    public static ContentResult Unreadable(string? error) => Problem(StatusCodes.Status400BadRequest, "The body could not be read.", error);

    public static ContentResult UnsupportedContentType() =>
        Problem(StatusCodes.Status400BadRequest, "Unsupported content type.", "Send application/json or a form (application/x-www-form-urlencoded).");

    /// <summary>The answer to a continuation token the list did not give (<see cref="Outreach.Core.Common.Storage.TablePage{T}.InvalidToken"/>).</summary>
    public static ContentResult InvalidContinuationToken() => Problem(StatusCodes.Status400BadRequest, "The continuation token is not valid.");

    public static ContentResult NotFound(string what) => Problem(StatusCodes.Status404NotFound, $"{what} not found.");

    /// <summary>A public page, rendered from its Razor component when the answer is written.</summary>
    public static IActionResult Html(HtmlPage page, int status = StatusCodes.Status200OK) => new PageResult(page.RenderAsync, status);

    /// <summary>A page other sites may frame (the sign-up snippet); otherwise the same headers as every page.</summary>
    public static IActionResult EmbeddableHtml(HtmlPage page) => new PageResult(page.RenderAsync, StatusCodes.Status200OK, embeddable: true);

    /// <summary>HTML rendered elsewhere (a mail's preview, an archived issue's web view), answered like a page.</summary>
    public static IActionResult Html(string html, int status = StatusCodes.Status200OK) => new PageResult(() => Task.FromResult(html), status);

    public static ContentResult Text(string text, int status = StatusCodes.Status200OK) => new()
    {
        Content = text,
        ContentType = "text/plain; charset=utf-8",
        StatusCode = status,
    };

    public static IActionResult SeeOther(string location) => new RedirectTo(location, StatusCodes.Status303SeeOther);

    /// <summary>A 302 that no cache keeps, for a link whose target may change (a session's video link).</summary>
    public static IActionResult FoundUncached(string location) => new RedirectTo(location, StatusCodes.Status302Found, uncached: true);

    private sealed class RedirectTo(string location, int status, bool uncached = false) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context)
        {
            context.HttpContext.Response.StatusCode = status;
            context.HttpContext.Response.Headers.Location = location;
            if (uncached) context.HttpContext.Response.Headers.CacheControl = "no-store";
            return Task.CompletedTask;
        }
    }
}
