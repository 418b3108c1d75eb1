using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Outreach.Core.Newsletters;

namespace Outreach.Functions.Http;

/// <summary>
/// The last line of defence, the same code on both hosts (<see cref="ExceptionHandlingMiddleware"/> in the worker, the
/// DevHost around each HTTP function): an HTTP function that throws answers a logged 500 problem, never a stack trace.
/// A stored template that no longer renders (one saved before today's limits, say) is the caller's to fix: a 400 naming why.
/// </summary>
public static class UnexpectedFailure
{
    public const string Title = "An unexpected error occurred.";
    public const string TemplateTitle = "The template could not be rendered; fix it in the template editor.";

    /// <summary>
    /// Answers <paramref name="exception"/> on <paramref name="http"/>; false when it cannot be answered (not an HTTP
    /// invocation, or the response has already started), and the caller rethrows so the host sees the failure
    /// (the queue extension then retries and eventually poisons the message).
    /// </summary>
    public static async Task<bool> TryAnswerAsync(HttpContext? http, Exception exception, string functionName, ILogger logger)
    {
        if (http is null) return false;
        if (exception is OperationCanceledException && http.RequestAborted.IsCancellationRequested) return true; // the client went away
        if (http.Response.HasStarted) return false;

        http.Response.Clear();
        if (exception is TemplateRenderException template)
        {
            logger.LogWarning("Function {FunctionName}: a stored template did not render: {Reason}", functionName, template.Message);
            await ApiResults.WriteAsync(http.Response, ApiResults.Problem(StatusCodes.Status400BadRequest, TemplateTitle, template.Message,
                new Dictionary<string, string[]> { ["template"] = [template.Message] }));
            return true;
        }

        logger.LogError(exception, "Function {FunctionName} failed", functionName);
        await ApiResults.WriteAsync(http.Response, ApiResults.Problem(StatusCodes.Status500InternalServerError, Title));
        return true;
    }
}
