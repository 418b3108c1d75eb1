using System.ComponentModel;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Net.Http.Headers;
using Outreach.Functions.Http;

namespace Outreach.Functions.TeamConsole;

/// <summary>
/// Serves the comms-team console (a Blazor WebAssembly app) at <c>/console/</c>, from the same origin as the API so the
/// App Service sign-in cookie applies. Sign-in and roles are the admin API's business: these files are public.
/// </summary>
public sealed class ConsoleFunction(ConsoleFiles files)
{
    [Function("Console")]
    [Description("The comms-team console (HTML, scripts, WebAssembly); every path without an extension is one of its pages.")]
    public IActionResult Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "console/{*path}")] HttpRequest request, string? path)
    {
        if (string.IsNullOrEmpty(path) && !request.Path.Value!.EndsWith('/'))
        {
            return new RedirectResult("/console/", permanent: false);
        }

        var file = files.Find(path, request.Headers.AcceptEncoding.ToString());
        if (file is null)
        {
            return files.IsPublished
                ? ApiResults.NotFound("Console file")
                : ApiResults.Problem(StatusCodes.Status404NotFound, "The console is not built.", "Build or publish src/Outreach.Functions: it publishes src/Outreach.Console into its console/ folder.");
        }

        SetHeaders(request.HttpContext.Response.Headers, file);
        return new PhysicalFileResult(file.PhysicalPath, file.ContentType);
    }

    /// <summary>Fingerprinted files are cached for good; the page itself is revalidated and carries the console's CSP.</summary>
    private void SetHeaders(IHeaderDictionary headers, ConsoleFile file)
    {
        headers.XContentTypeOptions = "nosniff";
        headers[HeaderNames.Vary] = HeaderNames.AcceptEncoding;
        headers.CacheControl = file.Immutable ? "public, max-age=31536000, immutable" : "no-cache";
        if (file.ContentEncoding is not null)
        {
            headers.ContentEncoding = file.ContentEncoding;
        }

        if (file.IsIndex)
        {
            headers.ContentSecurityPolicy = files.ContentSecurityPolicy();
            headers["Referrer-Policy"] = "same-origin";
        }
    }
}
