using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;

namespace Outreach.Functions.Http;

/// <summary>
/// The worker's side of <see cref="UnexpectedFailure"/>, outermost of the app's middleware (see Program). The worker
/// writes a function's result after the middleware has returned (a page renders then), so the result is wrapped to be
/// answered the same way when writing it fails, as the DevHost does.
/// </summary>
public sealed class ExceptionHandlingMiddleware(ILogger<ExceptionHandlingMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception exception)
        {
            if (!await UnexpectedFailure.TryAnswerAsync(context.GetHttpContext(), exception, context.FunctionDefinition.Name, logger)) throw;
            return;
        }

        if (context.GetHttpContext() is not null && context.GetInvocationResult() is { Value: IActionResult result } invocation)
        {
            invocation.Value = new AnsweredOnFailure(result, context.FunctionDefinition.Name, logger);
        }
    }

    private sealed class AnsweredOnFailure(IActionResult result, string functionName, ILogger logger) : IActionResult
    {
        public async Task ExecuteResultAsync(ActionContext context)
        {
            try
            {
                await result.ExecuteResultAsync(context);
            }
            catch (Exception exception)
            {
                if (!await UnexpectedFailure.TryAnswerAsync(context.HttpContext, exception, functionName, logger)) throw;
            }
        }
    }
}
