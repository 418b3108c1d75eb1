using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Outreach.Core.Common.Storage;

namespace Outreach.DevHost;

/// <summary>
/// Drives queue functions the way the Functions queue extension does: receive a batch, invoke each message in
/// parallel, delete on success, on failure make the message visible again after <c>visibilityTimeout</c>, and move
/// it to <c>&lt;queue&gt;-poison</c> once it has been dequeued <c>maxDequeueCount</c> times.
/// Queues are reached through <see cref="StorageAccount.QueueAsync"/>, so the name prefix applies.
/// </summary>
public sealed class QueueProcessor
{
    /// <summary>How long a received message stays invisible while its function runs (the extension's default lease).</summary>
    public static readonly TimeSpan ProcessingLease = TimeSpan.FromMinutes(10);

    private readonly StorageAccount storage;
    private readonly IServiceScopeFactory scopes;
    private readonly IConfiguration? configuration;
    private readonly ILogger logger;

    public QueueProcessor(
        IEnumerable<QueueFunctionDescriptor> functions,
        StorageAccount storage,
        IServiceScopeFactory scopes,
        QueueHostOptions options,
        ILogger<QueueProcessor> logger,
        IConfiguration? configuration = null)
    {
        Functions = functions.ToList();
        this.storage = storage;
        this.scopes = scopes;
        Options = options;
        this.logger = logger;
        this.configuration = configuration;
    }

    public IReadOnlyList<QueueFunctionDescriptor> Functions { get; }

    public QueueHostOptions Options { get; }

    /// <summary>The logical queue name a function listens to (<c>%Setting%</c> resolved; the storage prefix is not included).</summary>
    public string QueueNameOf(QueueFunctionDescriptor function) =>
        configuration is null ? function.QueueName : AppSettingExpression.Resolve(function.QueueName, configuration);

    /// <summary>
    /// Processes every queue until a full pass finds no visible message (messages that functions enqueue meanwhile
    /// are processed too). Returns the number of messages handled, poisoned ones included.
    /// </summary>
    public async Task<int> DrainAsync(CancellationToken cancellationToken = default)
    {
        var total = 0;
        while (true)
        {
            var handled = 0;
            foreach (var function in Functions)
            {
                handled += await ProcessBatchAsync(function, cancellationToken);
            }

            if (handled == 0)
            {
                return total;
            }

            total += handled;
        }
    }

    /// <summary>Receives one batch for <paramref name="function"/> and processes it; returns how many messages it got.</summary>
    public async Task<int> ProcessBatchAsync(QueueFunctionDescriptor function, CancellationToken cancellationToken = default)
    {
        var queue = await storage.QueueAsync(QueueNameOf(function));
        var batchSize = Math.Clamp(Options.BatchSize, 1, 32);
        QueueMessage[] messages = (await queue.ReceiveMessagesAsync(batchSize, ProcessingLease, cancellationToken)).Value;
        await Task.WhenAll(messages.Select(message => ProcessMessageAsync(function, queue, message, cancellationToken)));
        return messages.Length;
    }

    private async Task ProcessMessageAsync(QueueFunctionDescriptor function, QueueClient queue, QueueMessage message, CancellationToken cancellationToken)
    {
        using var _ = logger.BeginScope(new Dictionary<string, object> { ["FunctionName"] = function.Name, ["MessageId"] = message.MessageId });
        if (message.DequeueCount > Options.MaxDequeueCount)
        {
            await MoveToPoisonAsync(function, queue, message, cancellationToken);
            return;
        }

        try
        {
            await using (var scope = scopes.CreateAsyncScope())
            {
                await function.InvokeAsync(scope.ServiceProvider, message, cancellationToken);
            }

            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogError(exception, "Queue function {FunctionName} failed on message {MessageId} (attempt {DequeueCount} of {MaxDequeueCount})",
                function.Name, message.MessageId, message.DequeueCount, Options.MaxDequeueCount);
            if (message.DequeueCount >= Options.MaxDequeueCount)
            {
                await MoveToPoisonAsync(function, queue, message, cancellationToken);
            }
            else
            {
                await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, (BinaryData?)null, Options.VisibilityTimeout, cancellationToken);
            }
        }
    }

    private async Task MoveToPoisonAsync(QueueFunctionDescriptor function, QueueClient queue, QueueMessage message, CancellationToken cancellationToken)
    {
        var poisonName = QueueNameOf(function) + QueueNames.PoisonSuffix;
        var poison = await storage.QueueAsync(poisonName);
        await poison.SendMessageAsync(message.Body, cancellationToken: cancellationToken);
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
        logger.LogWarning("Message {MessageId} moved to {PoisonQueue} after {DequeueCount} attempts", message.MessageId, storage.QueueName(poisonName), message.DequeueCount);
    }
}

/// <summary>Polls every queue function's queue in the background with a short back-off. <c>DevHost:RunQueues=false</c> turns it off.</summary>
public sealed class QueueFunctionRunner(QueueProcessor processor, IConfiguration configuration, ILogger<QueueFunctionRunner> logger) : BackgroundService
{
    public const string EnabledKey = "DevHost:RunQueues";

    private static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(100);

    public bool Enabled => configuration.GetValue(EnabledKey, true);

    public IReadOnlyList<QueueFunctionDescriptor> Functions => processor.Functions;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled || processor.Functions.Count == 0)
        {
            return;
        }

        await Task.WhenAll(processor.Functions.Select(f => PollAsync(f, stoppingToken)));
    }

    private async Task PollAsync(QueueFunctionDescriptor function, CancellationToken stoppingToken)
    {
        var maxInterval = processor.Options.MaxPollingInterval > MinPollingInterval ? processor.Options.MaxPollingInterval : MinPollingInterval;
        var delay = MinPollingInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await processor.ProcessBatchAsync(function, stoppingToken) > 0)
                {
                    delay = MinPollingInterval;
                    continue;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "Polling the queue of {FunctionName} failed; retrying in {Delay}", function.Name, maxInterval);
                delay = maxInterval;
            }

            try
            {
                await Task.Delay(delay, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, maxInterval.Ticks));
        }
    }
}
