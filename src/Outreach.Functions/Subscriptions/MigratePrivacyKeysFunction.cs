using Microsoft.Azure.Functions.Worker;
using Outreach.Core.Subscriptions;

namespace Outreach.Functions.Subscriptions;

public sealed class MigratePrivacyKeysFunction(PrivacyKeyMigration migration)
{
    /// <summary>At start-up and every night at 03:15 UTC: rows still kept under an unpeppered contact key are re-keyed.</summary>
    [Function("MigratePrivacyKeys")]
    public Task Run([TimerTrigger("0 15 3 * * *", RunOnStartup = true)] TimerInfo timer, CancellationToken cancellationToken) => migration.RunAsync(cancellationToken);
}
