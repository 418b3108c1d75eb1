using Outreach.Core.Common.Storage;
using Outreach.Core.Subscriptions;

namespace Outreach.Core.Audiences;

/// <summary>An audience's members as the team browses them: whether the audience exists, and its members page by page.</summary>
public sealed class AudienceMembers(AudienceStore audiences, MembershipStore memberships)
{
    public async Task<bool> ExistsAsync(string audienceId, CancellationToken cancellationToken = default) =>
        await audiences.FindAsync(audienceId, cancellationToken) is not null;

    /// <summary>One page of the audience's members (with <paramref name="status"/> only, when given); null for an unknown audience.</summary>
    public async Task<TablePage<Member>?> PageAsync(string audienceId, string? status, int pageSize, string? continuationToken, CancellationToken cancellationToken = default) =>
        await ExistsAsync(audienceId, cancellationToken)
            ? await memberships.PageMembersAsync(audienceId, status, pageSize, continuationToken, cancellationToken)
            : null;
}
