using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Outreach.Core.Campaigns.Pipeline;
using Outreach.Core.Common.Configuration;

namespace Outreach.Core.Campaigns.Rendering;

/// <summary>
/// Each campaign's content rendered once per instance (campaign content never changes after creation), so a batch
/// costs no rendering: only its recipients' substitution values.
/// </summary>
public sealed class CampaignTemplates(CampaignStore store, IOptions<OutreachOptions> options)
{
    private const int MaxCached = 32;
    private readonly ConcurrentDictionary<string, Lazy<Task<CampaignTemplate>>> cache = new();

    public CampaignTemplate Compile(CampaignDraft draft) =>
        CampaignTemplate.Compile(ComposedCampaign.From(draft, options.Value.PostalAddress));

    public async Task<CampaignTemplate> GetAsync(string campaignId, CancellationToken cancellationToken = default)
    {
        if (cache.Count > MaxCached) cache.Clear();
        var entry = cache.GetOrAdd(campaignId, id => new Lazy<Task<CampaignTemplate>>(async () => Compile(await store.ReadContentAsync(id, CancellationToken.None))));
        try
        {
            return await entry.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            cache.TryRemove(new KeyValuePair<string, Lazy<Task<CampaignTemplate>>>(campaignId, entry));
            throw;
        }
    }
}
