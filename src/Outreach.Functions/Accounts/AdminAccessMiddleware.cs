using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Outreach.Functions.Accounts;

/// <summary>
/// The worker's side of <see cref="AdminRequestGate"/>: around every HTTP function, authorizes admin routes and writes
/// the audit log. A refusal becomes the invocation's result, which the ASP.NET Core integration then writes.
/// </summary>
public sealed class AdminAccessMiddleware(AdminRequestGate gate) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is not { } http)
        {
            await next(context);
            return;
        }

        context.GetInvocationResult().Value = await gate.RunAsync(http, context.FunctionDefinition.Name, async () =>
        {
            await next(context);
            return context.GetInvocationResult().Value;
        });
    }
}
