using System.ComponentModel;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outreach.Core.Accounts;
using Outreach.Functions.Http;

namespace Outreach.Functions.Accounts;

/// <summary>Named API keys for scripts: create (shown once), list, revoke.</summary>
public sealed class ApiKeyAdminFunctions(ApiKeys keys)
{
    [Function("AdminCreateApiKey")]
    [Description("Creates a named API key { name, role: editor|publisher|privacy|admin, expiresAt? } → 201 { id, name, role, expiresAt, key }; the key is shown this once.")]
    public async Task<IActionResult> Create(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/keys")] HttpRequest request, CancellationToken cancellationToken)
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
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/keys")] HttpRequest request, CancellationToken cancellationToken) =>
        ApiResults.JsonBody((await keys.DescribeAllAsync(cancellationToken)).Select(d => new
        {
            d.Key.Id, d.Key.Name, d.Key.Role, state = d.State, d.Key.CreatedAt, d.Key.CreatedBy, d.Key.ExpiresAt, expiresSoon = d.ExpiresSoon,
            d.Key.LastUsedAt, d.Key.RevokedAt, d.Key.RevokedBy,
        }));

    [Function("AdminRevokeApiKey")]
    [Description("Revokes an API key for good → 204; 404 when no key has this id.")]
    public async Task<IActionResult> Revoke(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/admin/keys/{id}")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        await keys.RevokeAsync(id, request.CallerName(), cancellationToken) ? new NoContentResult() : ApiResults.NotFound("API key");
}
