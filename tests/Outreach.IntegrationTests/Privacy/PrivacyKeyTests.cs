using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Outreach.Core.Common.Storage;
using Outreach.Core.Subscriptions;
using Outreach.IntegrationTests.Audiences;
using Outreach.IntegrationTests.Infrastructure;
using Outreach.IntegrationTests.Subscriptions;

namespace Outreach.IntegrationTests.Privacy;

/// <summary>What stays of an erased address is keyed by the pepper, including what was written before the pepper existed.</summary>
public sealed class PrivacyKeyTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    [Fact]
    public async Task Rows_kept_under_the_unpeppered_key_are_rekeyed_and_an_erased_address_still_cannot_come_back()
    {
        const string erased = "before-pepper@example.org", bounced = "bounced-before-pepper@example.org";
        var storage = host.Services.GetRequiredService<StorageAccount>();
        var suppressions = await storage.TableAsync(TableNames.Suppressions);
        var audit = await storage.TableAsync(TableNames.AuditLog);
        // As the app wrote them before the pepper: the suppression and the audit entry under SHA-256 of the address.
        await suppressions.AddEntityAsync(new TableEntity(EmailAddress.KeyOf(erased), "suppression") { ["Reason"] = "erased", ["At"] = DateTimeOffset.UtcNow });
        await suppressions.AddEntityAsync(new TableEntity(EmailAddress.KeyOf(bounced), "suppression") { ["Reason"] = "sendgrid:bounce", ["At"] = DateTimeOffset.UtcNow });
        await audit.AddEntityAsync(new TableEntity("audit", "0000000000000000001-legacy")
        {
            ["At"] = DateTimeOffset.UtcNow, ["Actor"] = "old-script", ["ActorKind"] = "key", ["Role"] = "privacy", ["Action"] = "AdminEraseSubscriber",
            ["Target"] = "subscribers/" + EmailAddress.KeyOf(erased), ["Outcome"] = "succeeded", ["Status"] = 204,
        });

        await host.Services.GetRequiredService<PrivacyKeyMigration>().RunAsync();
        await host.Services.GetRequiredService<PrivacyKeyMigration>().RunAsync(); // a second run changes nothing

        var everything = new List<TableEntity>();
        await foreach (var row in suppressions.QueryAsync<TableEntity>()) everything.Add(row);
        await foreach (var row in audit.QueryAsync<TableEntity>()) everything.Add(row);
        var text = string.Join("\n", everything.Select(e => string.Join("|", e.Select(p => $"{p.Key}={p.Value}"))));
        Assert.DoesNotContain(EmailAddress.KeyOf(erased), text, StringComparison.Ordinal);
        var admin = host.CreateAdminClient();
        var audience = await host.NewAudienceAsync();
        var report = await admin.ImportNowAsync(audience, Encoding.UTF8.GetBytes($"email\n{erased}\n{bounced}\n"));
        Assert.Equal(["suppressed", "suppressed"], report.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("reason").GetString()));
        var log = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/audit?target=subscribers/{Uri.EscapeDataString(erased)}");
        Assert.Equal("old-script", Assert.Single(log.GetProperty("items").EnumerateArray()).GetProperty("actor").GetString());
        Assert.Equal(HttpStatusCode.Accepted, (await host.CreateClient().SignUpAsync(erased, audience)).StatusCode);
        Assert.Equal(0, await host.CountAsync(audience, "pending"));
    }
}
