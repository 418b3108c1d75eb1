namespace Outreach.Core.Campaigns.Rendering;

/// <summary>One recipient's personal links of a batch: placeholder argument → signed URL.</summary>
public delegate IReadOnlyDictionary<string, string> PersonalLinksFor(string contactKey);

/// <summary>
/// Makes the per-recipient links a campaign names with an argument (<c>{{oneClickUrl:session:{id}:newsletter}}</c>).
/// The Events module replaces the empty default with its one-click registration links (register an implementation in
/// <c>AddEvents</c>; the last registration wins). Prepared once per batch, then called once per recipient.
/// </summary>
public interface IPersonalLinks
{
    Task<PersonalLinksFor> PrepareAsync(IReadOnlyCollection<string> arguments, string language, CancellationToken cancellationToken = default);
}

/// <summary>No events module: personal links stay empty (their placeholder's fallback shows).</summary>
public sealed class NoPersonalLinks : IPersonalLinks
{
    private static readonly IReadOnlyDictionary<string, string> None = new Dictionary<string, string>();

    public Task<PersonalLinksFor> PrepareAsync(IReadOnlyCollection<string> arguments, string language, CancellationToken cancellationToken = default) =>
        Task.FromResult<PersonalLinksFor>(_ => None);
}
