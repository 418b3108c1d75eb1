using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Outreach.Functions.Http;

/// <summary>
/// Every HTML answer goes out through here, on both hosts: the one place where pages get their content type and
/// status, and where response headers that every page shares (security headers, caching) belong.
/// </summary>
public sealed class PageResult(Func<Task<string>> render, int status) : IActionResult
{
    public int StatusCode { get; } = status;

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var html = await render();
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCode;
        response.ContentType = "text/html; charset=utf-8";
        var body = Encoding.UTF8.GetBytes(html);
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, context.HttpContext.RequestAborted);
    }
}
