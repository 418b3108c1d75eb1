using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Outreach.Core.Common.Configuration;
using Outreach.Core.Common.Storage;
using Outreach.Core.Common.Validation;

namespace Outreach.Core.Accounts;

/// <summary>A named API key as stored: never the key itself, only its SHA-256.</summary>
public sealed record ApiKey
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Role { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required string CreatedBy { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public DateTimeOffset? RevokedAt { get; init; }
    public string? RevokedBy { get; init; }

    /// <summary>When a script last authenticated with the key, to the hour (see <see cref="ApiKeys.LastUseResolution"/>).</summary>
    public DateTimeOffset? LastUsedAt { get; init; }

    public bool IsValidAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);

    /// <summary><c>active</c>, <c>expired</c> or <c>revoked</c>.</summary>
    public string StateAt(DateTimeOffset now) => RevokedAt is not null ? "revoked" : IsValidAt(now) ? "active" : "expired";

    /// <summary>Still valid, but not for long: time to create its successor and hand it over.</summary>
    public bool ExpiresSoonAt(DateTimeOffset now) => IsValidAt(now) && ExpiresAt is { } expires && expires - now <= ApiKeys.ExpiryWarning;
}

/// <summary>What an admin sends to create a key.</summary>
public sealed record ApiKeyRequest(string? Name, string? Role, DateTimeOffset? ExpiresAt);

/// <summary>A key just created: the record and the key, which is shown this once.</summary>
public sealed record CreatedApiKey(ApiKey Key, string Secret);

/// <summary>
/// Named API keys for scripts: created by an admin with a name, a role and an optional expiry, shown once, stored as a
/// hash, revoked by id. Scripts send them in <c>x-functions-key</c> (or <c>?code=</c>), as they sent function keys.
/// <c>Admin:ApiKey</c>, when set, is one more key with the admin role (the DevHost generates it).
/// </summary>
public sealed class ApiKeys(StorageAccount storage, TimeProvider clock, IOptions<AdminOptions> admin)
{
    public const string HeaderName = "x-functions-key";
    public const string QueryName = "code";
    public const string ConfiguredKeyName = "Admin:ApiKey";
    public const int MaxNameLength = 100;

    /// <summary>How long before its expiry a key is flagged in the list.</summary>
    public static readonly TimeSpan ExpiryWarning = TimeSpan.FromDays(14);

    /// <summary>A key's last use is written at most this often, so that a busy script costs no write per request.</summary>
    public static readonly TimeSpan LastUseResolution = TimeSpan.FromHours(1);
    private const string Partition = "key";
    private const string KeyPrefix = "outreach_";

    public static ValidationErrors Validate(ApiKeyRequest request, DateTimeOffset now)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Trim().Length > MaxNameLength || request.Name.Any(char.IsControl))
            errors.Add("name", $"A name of 1 to {MaxNameLength} characters (no line breaks) is required: it is what the audit log shows.");
        if (!Roles.IsKnown(request.Role))
            errors.Add("role", $"role must be one of {string.Join(", ", Roles.All)}.");
        if (request.ExpiresAt is { } expires && expires <= now)
            errors.Add("expiresAt", "expiresAt must be in the future.");
        return errors;
    }

    /// <summary>Creates a key; the errors when the request is invalid or the name is taken by a key still valid.</summary>
    public async Task<(CreatedApiKey? Created, ValidationErrors Errors)> CreateAsync(ApiKeyRequest request, string createdBy, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var errors = Validate(request, now);
        if (!errors.IsValid) return (null, errors);
        var name = request.Name!.Trim();
        if ((await ListAsync(cancellationToken)).Any(k => k.IsValidAt(now) && string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase)))
            return (null, new ValidationErrors { { "name", "A valid key already has this name; revoke it first or choose another name." } });

        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = $"{KeyPrefix}{id}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))}";
        var key = new ApiKey { Id = id, Name = name, Role = request.Role!, CreatedAt = now, CreatedBy = createdBy, ExpiresAt = request.ExpiresAt?.ToUniversalTime() };
        var table = await storage.TableAsync(TableNames.ApiKeys);
        var entity = ToEntity(key);
        entity["Hash"] = Hash(secret);
        await table.AddEntityAsync(entity, cancellationToken);
        return (new CreatedApiKey(key, secret), errors);
    }

    /// <summary>Every key with its state and expiry warning as of now, newest first.</summary>
    public async Task<IReadOnlyList<ApiKeyDescription>> DescribeAllAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        return [.. (await ListAsync(cancellationToken)).Select(k => new ApiKeyDescription(k, k.StateAt(now), k.ExpiresSoonAt(now)))];
    }

    public async Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableNames.ApiKeys);
        var keys = new List<ApiKey>();
        await foreach (var entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, cancellationToken: cancellationToken))
            keys.Add(FromEntity(entity));
        return keys.OrderByDescending(k => k.CreatedAt).ToList();
    }

    /// <summary>Revokes a key for good; false when no key has this id. Revoking twice changes nothing.</summary>
    public async Task<bool> RevokeAsync(string id, string revokedBy, CancellationToken cancellationToken = default)
    {
        var entity = await FindEntityAsync(id, cancellationToken);
        if (entity is null) return false;
        if (entity.GetDateTimeOffset("RevokedAt") is not null) return true;
        entity["RevokedAt"] = clock.GetUtcNow();
        entity["RevokedBy"] = revokedBy;
        var table = await storage.TableAsync(TableNames.ApiKeys);
        await table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Merge, cancellationToken);
        return true;
    }

    /// <summary>The caller a presented key stands for, or null when it is unknown, revoked or expired.</summary>
    public async Task<Caller?> AuthenticateAsync(string? presented, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(presented) || presented.Length > 200) return null;
        var configured = admin.Value.ApiKey;
        if (!string.IsNullOrEmpty(configured) && FixedTimeEquals(Hash(presented), Hash(configured)))
            return new Caller(CallerKind.Key, ConfiguredKeyName, [Roles.Admin]);

        if (IdOf(presented) is not { } id || await FindEntityAsync(id, cancellationToken) is not { } entity) return null;
        if (entity.GetString("Hash") is not { } stored || !FixedTimeEquals(Hash(presented), stored)) return null;
        var key = FromEntity(entity);
        var now = clock.GetUtcNow();
        if (!key.IsValidAt(now) || !Roles.IsKnown(key.Role)) return null;
        await RecordUseAsync(key, now, cancellationToken);
        return new Caller(CallerKind.Key, key.Name, [key.Role]);
    }

    private async Task RecordUseAsync(ApiKey key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (key.LastUsedAt is { } last && now - last < LastUseResolution) return;
        try
        {
            // Merge writes this one property: a revocation racing with it is kept.
            var table = await storage.TableAsync(TableNames.ApiKeys);
            await table.UpdateEntityAsync(new TableEntity(Partition, key.Id) { ["LastUsedAt"] = now }, Azure.ETag.All, TableUpdateMode.Merge, cancellationToken);
        }
        catch (Azure.RequestFailedException)
        {
            // Knowing the last use is a convenience; the request it authenticates goes on.
        }
    }

    private static string? IdOf(string presented)
    {
        if (!presented.StartsWith(KeyPrefix, StringComparison.Ordinal)) return null;
        var parts = presented[KeyPrefix.Length..].Split('_');
        return parts.Length == 2 && parts[0].Length == 16 && parts[0].All(char.IsAsciiHexDigitLower) ? parts[0] : null;
    }

    private async Task<TableEntity?> FindEntityAsync(string id, CancellationToken cancellationToken)
    {
        if (id.Length is 0 or > 64 || !id.All(char.IsAsciiLetterOrDigit)) return null;
        var table = await storage.TableAsync(TableNames.ApiKeys);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(Partition, id, cancellationToken: cancellationToken);
        return found.HasValue ? found.Value : null;
    }

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));

    private static TableEntity ToEntity(ApiKey key) => new(Partition, key.Id)
    {
        ["Name"] = key.Name,
        ["Role"] = key.Role,
        ["CreatedAt"] = key.CreatedAt,
        ["CreatedBy"] = key.CreatedBy,
        ["ExpiresAt"] = key.ExpiresAt,
    };

    private static ApiKey FromEntity(TableEntity e) => new()
    {
        Id = e.RowKey,
        Name = e.GetString("Name") ?? "",
        Role = e.GetString("Role") ?? "",
        CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        CreatedBy = e.GetString("CreatedBy") ?? "",
        ExpiresAt = e.GetDateTimeOffset("ExpiresAt"),
        RevokedAt = e.GetDateTimeOffset("RevokedAt"),
        RevokedBy = e.GetString("RevokedBy"),
        LastUsedAt = e.GetDateTimeOffset("LastUsedAt"),
    };
}

/// <summary>A key as the list shows it: the key, its state (active, expired, revoked) and whether it expires soon.</summary>
public sealed record ApiKeyDescription(ApiKey Key, string State, bool ExpiresSoon);
