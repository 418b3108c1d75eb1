using Azure;
using Azure.Data.Tables;
using Outreach.Core.Common.Storage;

namespace Outreach.Core.Audiences;

/// <summary>Audiences in one table partition; read often, so cached briefly.</summary>
public sealed class AudienceStore(StorageAccount storage, TimeProvider clock)
{
    private const string Partition = "audience";
    private static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim seedLock = new(1, 1);
    private bool seeded;
    private (DateTimeOffset LoadedAt, IReadOnlyList<Audience> Audiences)? cache;

    public async Task<IReadOnlyList<Audience>> ListAsync(CancellationToken cancellationToken = default)
    {
        if (cache is { } cached && clock.GetUtcNow() - cached.LoadedAt < CacheLifetime) return cached.Audiences;
        await EnsureSeededAsync(cancellationToken);
        var table = await storage.TableAsync(TableNames.Audiences);
        var audiences = new List<Audience>();
        await foreach (var entity in table.QueryAsync<AudienceEntity>(e => e.PartitionKey == Partition, cancellationToken: cancellationToken))
            audiences.Add(entity.ToAudience());
        var sorted = audiences.OrderBy(a => a.SortOrder).ThenBy(a => a.Id, StringComparer.Ordinal).ToList();
        cache = (clock.GetUtcNow(), sorted);
        return sorted;
    }

    public async Task<Audience?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        (await ListAsync(cancellationToken)).FirstOrDefault(a => a.Id == id);

    /// <summary>Adds a new audience; false when the id is taken.</summary>
    public async Task<bool> AddAsync(Audience audience, CancellationToken cancellationToken = default)
    {
        await EnsureSeededAsync(cancellationToken);
        var table = await storage.TableAsync(TableNames.Audiences);
        if (await table.TryAddAsync(AudienceEntity.From(audience), cancellationToken) != WriteOutcome.Written) return false;
        cache = null;
        return true;
    }

    /// <summary>Replaces an existing audience; false when it does not exist.</summary>
    public async Task<bool> ReplaceAsync(Audience audience, CancellationToken cancellationToken = default)
    {
        await EnsureSeededAsync(cancellationToken);
        var table = await storage.TableAsync(TableNames.Audiences);
        if (!(await table.TryUpdateAsync(AudienceEntity.From(audience), ETag.All, TableUpdateMode.Replace, cancellationToken)).Written) return false;
        cache = null;
        return true;
    }

    /// <summary>Seeds the six audiences of the organisation the first time the table is empty.</summary>
    public async Task EnsureSeededAsync(CancellationToken cancellationToken = default)
    {
        if (seeded) return;
        await seedLock.WaitAsync(cancellationToken);
        try
        {
            if (seeded) return;
            var table = await storage.TableAsync(TableNames.Audiences);
            var any = false;
            await foreach (var _ in table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, maxPerPage: 1, select: ["RowKey"], cancellationToken: cancellationToken))
            {
                any = true;
                break;
            }

            if (!any)
            {
                var batch = DefaultAudiences.All.Select(a => new TableTransactionAction(TableTransactionActionType.UpsertReplace, AudienceEntity.From(a)));
                await table.SubmitTransactionAsync(batch, cancellationToken);
            }

            seeded = true;
        }
        finally
        {
            seedLock.Release();
        }
    }

    private sealed class AudienceEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = Partition;
        public string RowKey { get; set; } = "";
        public DateTimeOffset? Timestamp { get; set; }
        public ETag ETag { get; set; }
        public string Name { get; set; } = "";
        public string? NameEn { get; set; }
        public string Description { get; set; } = "";
        public string? DescriptionEn { get; set; }
        public string Cadence { get; set; } = "";
        public bool OpenForSignup { get; set; }
        public int SortOrder { get; set; }

        public static AudienceEntity From(Audience a) => new()
        {
            RowKey = a.Id, Name = a.Name, NameEn = a.NameEn, Description = a.Description, DescriptionEn = a.DescriptionEn,
            Cadence = a.Cadence, OpenForSignup = a.OpenForSignup, SortOrder = a.SortOrder,
        };

        public Audience ToAudience() => new()
        {
            Id = RowKey, Name = Name, NameEn = NameEn, Description = Description, DescriptionEn = DescriptionEn,
            Cadence = Cadence, OpenForSignup = OpenForSignup, SortOrder = SortOrder,
        };
    }
}
