using System.ComponentModel;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outreach.Core.Accounts;
using Outreach.Functions.Http;

namespace Outreach.Functions.Accounts;

/// <summary>Named API keys for scripts: create (shown once), list, revoke.</summary>
public sealed class ApiKeyAdminFunctions(ApiKeys keys, TimeProvider clock)
{
    [Function("AdminCreateApiKey")]
    [Description("Creates a named API key { name, role: editor|publisher|privacy|admin, expiresAt? } → 201 { id, name, role, expiresAt, key }; the key is shown this once.")]
    public async Task<IActionResult> Create(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/keys")] HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadJsonAsync<ApiKeyRequest>(request, cancellationToken: cancellationToken);
        if (!body.Ok) return ApiResults.Unreadable(body.Error);
        var (created, errors) = await keys.CreateAsync(body.Value!, request.CallerName(), cancellationToken);
        if (created is null) return ApiResults.Invalid(errors);
        var key = created.Key;
        return ApiResults.JsonBody(new { key.Id, key.Name, key.Role, key.ExpiresAt, key.CreatedAt, key = created.Secret }, StatusCodes.Status201Created);
    }

    [Function("AdminListApiKeys")]
    [Description("The API keys, newest first: id, name, role, state (active|expired|revoked), created, expiry, expiresSoon (within 14 days), last use (to the hour), revocation (never the key itself).")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/keys")] HttpRequest request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return ApiResults.JsonBody((await keys.ListAsync(cancellationToken)).Select(k => new
        {
            k.Id, k.Name, k.Role, state = k.StateAt(now), k.CreatedAt, k.CreatedBy, k.ExpiresAt, expiresSoon = k.ExpiresSoonAt(now), k.LastUsedAt, k.RevokedAt, k.RevokedBy,
        }));
    }

    [Function("AdminRevokeApiKey")]
    [Description("Revokes an API key for good → 204; 404 when no key has this id.")]
    public async Task<IActionResult> Revoke(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "admin/keys/{id}")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        await keys.RevokeAsync(id, request.CallerName(), cancellationToken) ? new NoContentResult() : ApiResults.NotFound("API key");
}
