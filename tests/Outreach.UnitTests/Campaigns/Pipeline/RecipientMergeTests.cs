using System.Runtime.CompilerServices;
using Outreach.Core.Campaigns.Pipeline;
using Outreach.Core.Subscriptions;

namespace Outreach.UnitTests.Campaigns.Pipeline;

public class RecipientMergeTests
{
    private static readonly Dictionary<string, string[]> Audiences = new()
    {
        ["a"] = ["01", "03", "05", "07", "09"],
        ["b"] = ["02", "03", "06", "09", "10"],
        ["c"] = ["03", "04", "10"],
    };

    private static int pagesRead;

    private static async IAsyncEnumerable<IReadOnlyList<MemberAddress>> Pages(string audience, string? afterKey, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var keys = Audiences[audience].Where(k => afterKey is null || string.CompareOrdinal(k, afterKey) > 0).ToList();
        foreach (var page in keys.Chunk(2))
        {
            await Task.Yield();
            Interlocked.Increment(ref pagesRead);
            yield return page.Select(k => new MemberAddress(k, $"{k}@example.org", null)).ToList();
        }
    }

    [Fact]
    public async Task Overlapping_audiences_give_each_address_once_in_key_order()
    {
        await using var merge = new RecipientMerge(["a", "b", "c"], Pages, null, CancellationToken.None);
        var all = await merge.TakeAsync(100);

        Assert.Equal(["01", "02", "03", "04", "05", "06", "07", "09", "10"], all.Select(r => r.ContactKey));
    }

    [Fact]
    public async Task An_address_in_several_audiences_belongs_to_the_first_listed()
    {
        await using var merge = new RecipientMerge(["c", "a", "b"], Pages, null, CancellationToken.None);
        var all = (await merge.TakeAsync(100)).ToDictionary(r => r.ContactKey, r => r.AudienceIndex);

        Assert.Equal(0, all["03"]); // in a, b and c: c is listed first
        Assert.Equal(0, all["10"]); // in b and c
        Assert.Equal(1, all["09"]); // in a and b
        Assert.Equal(2, all["02"]); // only in b
    }

    [Fact]
    public async Task Taking_in_batches_misses_nothing_and_repeats_nothing()
    {
        await using var merge = new RecipientMerge(["a", "b", "c"], Pages, null, CancellationToken.None);
        var batches = new List<IReadOnlyList<PlannedRecipient>>();
        while ((await merge.TakeAsync(4)) is { Count: > 0 } batch) batches.Add(batch);

        Assert.Equal([4, 4, 1], batches.Select(b => b.Count));
        Assert.Equal(9, batches.SelectMany(b => b).Select(r => r.ContactKey).Distinct().Count());
    }

    [Fact]
    public async Task Planning_resumes_after_a_key()
    {
        await using var merge = new RecipientMerge(["a", "b", "c"], Pages, "05", CancellationToken.None);
        Assert.Equal(["06", "07", "09", "10"], (await merge.TakeAsync(100)).Select(r => r.ContactKey));

        await merge.RestartAfterAsync("08");
        Assert.Equal(["09", "10"], (await merge.TakeAsync(100)).Select(r => r.ContactKey));
    }
}
