using Microsoft.Azure.Functions.Worker;
using Outreach.Core.Subscriptions;

namespace Outreach.Functions.Subscriptions;

public sealed class MigrateContactKeysFunction(ContactKeyMigration migration)
{
    /// <summary>At start-up and every night at 03:25 UTC: profiles and consent records of the older layout are moved.</summary>
    [Function("MigrateContactKeys")]
    public Task Run([TimerTrigger("0 25 3 * * *", RunOnStartup = true)] TimerInfo timer, CancellationToken cancellationToken) => migration.RunAsync(cancellationToken);
}
