using System.Collections.Concurrent;
using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Outreach.Core.Common.Storage;
using Outreach.DevHost;
using Outreach.IntegrationTests.Infrastructure;

namespace Outreach.IntegrationTests.DevHost;

/// <summary>Queue functions of this test assembly only (the Functions app holds no test code).</summary>
public sealed class SampleQueueFunctions(StorageAccount storage)
{
    public static readonly ConcurrentDictionary<string, int> Attempts = new();
    public static readonly ConcurrentDictionary<string, SampleOrder> Received = new();

    [Function("SampleAlwaysFails")]
    public void AlwaysFails([QueueTrigger("sample-fails")] string message)
    {
        Attempts.AddOrUpdate(message, 1, (_, count) => count + 1);
        throw new InvalidOperationException("This function always fails.");
    }

    [Function("SampleOrders")]
    public Task TakeOrder([QueueTrigger("sample-orders")] SampleOrder order, CancellationToken cancellationToken)
    {
        Received[order.OrderId] = order;
        return Task.CompletedTask;
    }

    [Function("SampleFanOut")]
    public async Task FanOut([QueueTrigger("sample-fan-out")] QueueMessage message, CancellationToken cancellationToken)
    {
        // Like a campaign planner: one message becomes several on another queue, through StorageAccount.
        var count = int.Parse(message.Body.ToString(), System.Globalization.CultureInfo.InvariantCulture);
        var orders = await storage.QueueAsync("sample-orders");
        for (var i = 0; i < count; i++)
        {
            await orders.SendMessageAsync($$"""{"orderId":"{{message.MessageId}}-{{i}}","quantity":{{i}}}""", cancellationToken);
        }
    }

}

public sealed record SampleOrder(string OrderId, int Quantity);

public sealed class QueueProcessorTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    private QueueProcessor Processor(int maxDequeueCount = 3) => new(
        FunctionCatalog.FromTypes(typeof(SampleQueueFunctions)).Queues,
        host.Services.GetRequiredService<StorageAccount>(),
        host.Services.GetRequiredService<IServiceScopeFactory>(),
        new QueueHostOptions { BatchSize = 16, MaxDequeueCount = maxDequeueCount, VisibilityTimeout = TimeSpan.Zero },
        host.Services.GetRequiredService<ILogger<QueueProcessor>>());

    private Task<Azure.Storage.Queues.QueueClient> Queue(string name) => host.Services.GetRequiredService<StorageAccount>().QueueAsync(name);

    [Fact]
    public async Task A_message_whose_function_keeps_failing_is_tried_maxDequeueCount_times_then_moved_to_the_poison_queue()
    {
        var text = "poison-" + Guid.NewGuid().ToString("N");
        await (await Queue("sample-fails")).SendMessageAsync(text);

        await Processor(maxDequeueCount: 3).DrainAsync();

        Assert.Equal(3, SampleQueueFunctions.Attempts[text]);
        Assert.Empty((await (await Queue("sample-fails")).PeekMessagesAsync(32)).Value);
        var poisoned = (await (await Queue("sample-fails-poison")).PeekMessagesAsync(32)).Value;
        Assert.Contains(poisoned, m => m.Body.ToString() == text);
    }

    [Fact]
    public async Task A_message_already_dequeued_too_often_goes_to_the_poison_queue_without_running_the_function()
    {
        var text = "stale-" + Guid.NewGuid().ToString("N");
        var queue = await Queue("sample-fails");
        await queue.SendMessageAsync(text);
        for (var i = 0; i < 2; i++)
        {
            // Received and abandoned, as by a host that crashed twice.
            var received = Assert.Single((await queue.ReceiveMessagesAsync(1, TimeSpan.FromMinutes(1))).Value);
            await queue.UpdateMessageAsync(received.MessageId, received.PopReceipt, (BinaryData?)null, TimeSpan.Zero);
        }

        await Processor(maxDequeueCount: 2).DrainAsync();

        Assert.False(SampleQueueFunctions.Attempts.ContainsKey(text));
        Assert.Contains((await (await Queue("sample-fails-poison")).PeekMessagesAsync(32)).Value, m => m.Body.ToString() == text);
    }

    [Fact]
    public async Task Drain_runs_fan_out_to_the_end_binding_JSON_messages_to_POCOs_and_deletes_what_succeeded()
    {
        var fanOut = await Queue("sample-fan-out");
        var sent = await fanOut.SendMessageAsync("5");

        var handled = await Processor().DrainAsync();

        Assert.Equal(6, handled);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(i, SampleQueueFunctions.Received[$"{sent.Value.MessageId}-{i}"].Quantity);
        }

        Assert.Empty((await fanOut.PeekMessagesAsync(32)).Value);
        Assert.Empty((await (await Queue("sample-orders")).PeekMessagesAsync(32)).Value);
    }

    [Fact]
    public void The_DevHost_reads_queue_settings_from_host_json()
    {
        var options = host.Services.GetRequiredService<QueueProcessor>().Options;
        Assert.Equal(5, options.MaxDequeueCount);
        Assert.Equal(16, options.BatchSize);
        Assert.Equal(TimeSpan.FromSeconds(30), options.VisibilityTimeout);
    }
}

/// <summary>App settings override host.json as on Azure (<c>AzureFunctionsJobHost__extensions__queues__...</c>).</summary>
public sealed class QueueSettingsOverrideFixture : DevHostFixture
{
    public QueueSettingsOverrideFixture() => WithSetting("AzureFunctionsJobHost:extensions:queues:maxDequeueCount", "2");
}

public sealed class QueueSettingsOverrideTests(QueueSettingsOverrideFixture host) : IClassFixture<QueueSettingsOverrideFixture>
{
    [Fact]
    public void An_app_setting_overrides_host_json() =>
        Assert.Equal(2, host.Services.GetRequiredService<QueueProcessor>().Options.MaxDequeueCount);
}
