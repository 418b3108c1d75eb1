using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Outreach.Core.Newsletters;

/// <summary>
/// A start-up step of both hosts: adds the default templates' companion, the sample October issue, as a draft the first
/// time (an existing one, edited or deleted by the team's choice of <see cref="NewsletterOptions.SeedSample"/>, is left).
/// Reading issues never writes.
/// </summary>
public sealed class SampleIssueSeeding(IssueStore store, IOptions<NewsletterOptions> options, TimeProvider clock, ILogger<SampleIssueSeeding> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.SeedSample) return;
        try
        {
            var now = clock.GetUtcNow();
            await store.TryAddAsync(new NewsletterIssue { Id = SampleIssue.Id, Content = SampleIssue.Content, CreatedAt = now, UpdatedAt = now }, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Storage not reachable at start-up must not stop the host: the sample is a convenience, not a dependency.
            logger.LogWarning(e, "The sample issue could not be seeded");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
