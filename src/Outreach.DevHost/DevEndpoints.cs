using Outreach.Core.Mail;

namespace Outreach.DevHost;

/// <summary>Endpoints that exist only on the DevHost (not part of the Functions app).</summary>
public static class DevEndpoints
{
    public static IEndpointRouteBuilder MapDevEndpoints(this IEndpointRouteBuilder endpoints, string routePrefix)
    {
        var prefix = string.IsNullOrEmpty(routePrefix) ? "" : "/" + routePrefix;

        // The local outbox, newest first: id, to, subject, date, file.
        endpoints.MapGet($"{prefix}/dev/outbox", async (OutboxReader outbox, CancellationToken cancellationToken) =>
            Results.Json(await outbox.ListAsync(cancellationToken)))
            .WithDisplayName("DevHost outbox");
        return endpoints;
    }
}
