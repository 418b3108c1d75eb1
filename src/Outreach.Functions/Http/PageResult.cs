using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Outreach.Functions.Http;

/// <summary>
/// Every HTML answer goes out through here, on both hosts: the one place where pages get their content type and
/// status, and where response headers that every page shares (security headers, caching) belong.
/// </summary>
public sealed class PageResult(Func<Task<string>> render, int status, bool embeddable = false) : IActionResult
{
    /// <summary>
    /// Pages run no script and load nothing but images; forms post to this origin only; only this origin (the console's
    /// previews) may frame them, except the embeddable sign-up snippet, which other sites frame by design.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' https: data:; form-action 'self'; base-uri 'none'";

    public const string FrameAncestors = "; frame-ancestors 'self'";

    public int StatusCode { get; } = status;

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var html = await render();
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCode;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.ContentSecurityPolicy = embeddable ? ContentSecurityPolicy : ContentSecurityPolicy + FrameAncestors;
        response.Headers["Referrer-Policy"] = "no-referrer"; // page URLs carry personal tokens
        response.Headers.XContentTypeOptions = "nosniff";
        var body = Encoding.UTF8.GetBytes(html);
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, context.HttpContext.RequestAborted);
    }
}
