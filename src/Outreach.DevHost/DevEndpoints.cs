using Outreach.Core.Mail;

namespace Outreach.DevHost;

/// <summary>Endpoints that exist only on the DevHost (not part of the Functions app).</summary>
public static class DevEndpoints
{
    public static IEndpointRouteBuilder MapDevEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // The local outbox, newest first: id, to, subject, date, file.
        endpoints.MapGet("/api/dev/outbox", async (OutboxReader outbox, CancellationToken cancellationToken) =>
            Results.Json(await outbox.ListAsync(cancellationToken)))
            .WithDisplayName("DevHost outbox");
        return endpoints;
    }
}
