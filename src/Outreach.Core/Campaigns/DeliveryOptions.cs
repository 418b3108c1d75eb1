using System.ComponentModel.DataAnnotations;
using Outreach.Core.Campaigns.Pipeline;

namespace Outreach.Core.Campaigns;

/// <summary>How campaigns are cut into batches and how hard the sender tries. The defaults suit production.</summary>
public sealed class DeliveryOptions
{
    public const string Section = "Delivery";

    /// <summary>Recipients per batch, i.e. personalizations per SendGrid request (SendGrid allows 1000).</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 1000;

    /// <summary>Batches one planner step writes before handing over to the next step (keeps each invocation short).</summary>
    [Range(1, 10_000)]
    public int BatchesPerPlanStep { get; set; } = 100;

    /// <summary>
    /// Batches one instance prepares and hands to SendGrid at the same time (the queue trigger may deliver more; they
    /// wait their turn). Bounds the memory of an instance (a full batch is a few MB while it is built and sent) whatever
    /// the queue's batch size; throughput comes from scaling out.
    /// </summary>
    [Range(1, 64)]
    public int MaxConcurrentBatches { get; set; } = 4;

    /// <summary>Attempts of one batch on transient failures (429, 5xx, timeouts) before it is given up and poisoned.</summary>
    [Range(1, 100)]
    public int MaxSendAttempts { get; set; } = 8;

    /// <summary>First back-off after a 5xx or a timeout; doubled on each attempt (with jitter) up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest wait before retrying a batch, whatever SendGrid's rate-limit reset says.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The SendGrid call's timeout.</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A batch still marked <c>sending</c> this long after its sender started is reported <c>unknown</c> (the sender
    /// stopped while SendGrid had it). Must exceed <see cref="SendTimeout"/>.
    /// </summary>
    public TimeSpan SendingLease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The queue's maxDequeueCount (host.json): on the last attempt a failing batch is recorded as poisoned before it goes to <c>-poison</c>.</summary>
    [Range(1, 100)]
    public int MaxDequeueCount { get; set; } = 5;
}
