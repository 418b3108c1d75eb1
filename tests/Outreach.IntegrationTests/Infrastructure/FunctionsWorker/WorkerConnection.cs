using System.Collections.Concurrent;
using Grpc.Core;
using Outreach.IntegrationTests.Infrastructure.FunctionsWorker.Protocol;

namespace Outreach.IntegrationTests.Infrastructure.FunctionsWorker;

/// <summary>
/// The event stream the worker opens to its host: requests go down it, and the worker answers each with the same
/// request id. Log messages and anything else the worker sends are not needed here and are dropped.
/// </summary>
public sealed class WorkerConnection
{
    private readonly TaskCompletionSource<IServerStreamWriter<Envelope>> started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource streamEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<Envelope>> pending = new();
    private readonly SemaphoreSlim writing = new(1, 1);

    /// <summary>Completes when the worker has said it started (its first message).</summary>
    public Task Started => started.Task;

    /// <summary>Serves the stream until the worker closes it or the host stops.</summary>
    public async Task ServeAsync(IAsyncStreamReader<Envelope> fromWorker, IServerStreamWriter<Envelope> toWorker, CancellationToken cancellationToken)
    {
        try
        {
            while (await fromWorker.MoveNext(cancellationToken))
            {
                var message = fromWorker.Current;
                if (message.ContentCase == Envelope.ContentOneofCase.WorkerStarted)
                {
                    started.TrySetResult(toWorker);
                }
                else if (message.RequestId.Length > 0 && pending.TryRemove(message.RequestId, out var answer))
                {
                    answer.TrySetResult(message);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            streamEnded.TrySetResult();
            foreach (var answer in pending.Values)
            {
                answer.TrySetException(new InvalidOperationException("The worker closed its event stream."));
            }
        }
    }

    /// <summary>Sends <paramref name="request"/> and returns the worker's answer to it.</summary>
    public async Task<Envelope> RequestAsync(Envelope request, CancellationToken cancellationToken)
    {
        var toWorker = await started.Task.WaitAsync(cancellationToken);
        request.RequestId = Guid.NewGuid().ToString("N");
        var answer = new TaskCompletionSource<Envelope>(TaskCreationOptions.RunContinuationsAsynchronously);
        pending[request.RequestId] = answer;
        if (streamEnded.Task.IsCompleted)
        {
            throw new InvalidOperationException("The worker closed its event stream.");
        }

        await writing.WaitAsync(cancellationToken);
        try
        {
            await toWorker.WriteAsync(request, cancellationToken);
        }
        finally
        {
            writing.Release();
        }

        return await answer.Task.WaitAsync(cancellationToken);
    }
}

/// <summary>The gRPC service the worker connects to.</summary>
public sealed class FunctionRpcService(WorkerConnection connection) : FunctionRpc.FunctionRpcBase
{
    public override Task EventStream(IAsyncStreamReader<Envelope> requestStream, IServerStreamWriter<Envelope> responseStream, ServerCallContext context) =>
        connection.ServeAsync(requestStream, responseStream, context.CancellationToken);
}
