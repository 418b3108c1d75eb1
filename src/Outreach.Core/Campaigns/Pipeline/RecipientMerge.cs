using Outreach.Core.Subscriptions;

namespace Outreach.Core.Campaigns.Pipeline;

/// <summary>Reads one audience's confirmed members in contact-key order, page by page, from a given key on.</summary>
public delegate IAsyncEnumerable<IReadOnlyList<MemberAddress>> AudiencePages(string audienceId, string? afterKey, CancellationToken cancellationToken);

/// <summary>
/// The union of several audiences without duplicates, in contact-key order. Every audience partition is already sorted
/// by contact key (its RowKey), so the union is a k-way merge of k sorted streams: an address in several audiences is
/// met in all of them at the same point and taken once, attributed to the first audience of the campaign's list.
/// Memory is at most two pages per audience, whatever the audience sizes; nothing is looked up per recipient.
/// </summary>
public sealed class RecipientMerge : IAsyncDisposable
{
    private readonly IReadOnlyList<string> audienceIds;
    private readonly AudiencePages pages;
    private readonly CancellationToken cancellationToken;
    private List<AudienceStream> streams;

    public RecipientMerge(IReadOnlyList<string> audienceIds, AudiencePages pages, string? afterKey, CancellationToken cancellationToken)
    {
        this.audienceIds = audienceIds;
        this.pages = pages;
        this.cancellationToken = cancellationToken;
        streams = Open(afterKey);
    }

    /// <summary>The next <paramref name="count"/> recipients (fewer only when every audience is exhausted).</summary>
    public async Task<IReadOnlyList<PlannedRecipient>> TakeAsync(int count)
    {
        var taken = new List<PlannedRecipient>(count);
        while (taken.Count < count)
        {
            var next = await NextAsync();
            if (next is null) break;
            taken.Add(next);
        }

        return taken;
    }

    /// <summary>Starts again from the key after <paramref name="afterKey"/> (when a batch written earlier ended elsewhere).</summary>
    public async Task RestartAfterAsync(string afterKey)
    {
        await DisposeStreamsAsync();
        streams = Open(afterKey);
    }

    public ValueTask DisposeAsync() => DisposeStreamsAsync();

    private async Task<PlannedRecipient?> NextAsync()
    {
        MemberAddress? smallest = null;
        var from = -1;
        for (var i = 0; i < streams.Count; i++)
        {
            var head = await streams[i].PeekAsync();
            if (head is null) continue;
            if (smallest is null || string.CompareOrdinal(head.ContactKey, smallest.ContactKey) < 0)
            {
                smallest = head;
                from = i;
            }
        }

        if (smallest is null) return null;

        // The same address met in later audiences is the same recipient: skip it there.
        for (var i = 0; i < streams.Count; i++)
        {
            var head = await streams[i].PeekAsync();
            if (head is not null && head.ContactKey == smallest.ContactKey) streams[i].Pop();
        }

        return new PlannedRecipient(smallest.ContactKey, from, smallest.Email, smallest.FirstName);
    }

    private List<AudienceStream> Open(string? afterKey) =>
        audienceIds.Select(id => new AudienceStream(pages(id, afterKey, cancellationToken).GetAsyncEnumerator(cancellationToken))).ToList();

    private async ValueTask DisposeStreamsAsync()
    {
        foreach (var stream in streams) await stream.DisposeAsync();
    }

    /// <summary>One audience's pages with the next page already requested while the current one is being consumed.</summary>
    private sealed class AudienceStream(IAsyncEnumerator<IReadOnlyList<MemberAddress>> pages) : IAsyncDisposable
    {
        private readonly Queue<MemberAddress> buffer = new();
        private Task<bool>? nextPage;
        private bool exhausted;

        public async ValueTask<MemberAddress?> PeekAsync()
        {
            while (buffer.Count == 0 && !exhausted)
            {
                var hasPage = await (nextPage ?? pages.MoveNextAsync().AsTask());
                nextPage = null;
                if (!hasPage)
                {
                    exhausted = true;
                    break;
                }

                foreach (var member in pages.Current) buffer.Enqueue(member);
                nextPage = pages.MoveNextAsync().AsTask(); // prefetch: the storage round trip overlaps the merge
            }

            return buffer.Count > 0 ? buffer.Peek() : null;
        }

        public void Pop() => buffer.Dequeue();

        public async ValueTask DisposeAsync()
        {
            if (nextPage is not null)
            {
                try
                {
                    await nextPage;
                }
                catch (Exception)
                {
                    // A prefetch that fails after we stopped reading does not matter.
                }
            }

            await pages.DisposeAsync();
        }
    }
}
