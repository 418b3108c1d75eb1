using System.Globalization;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Outreach.Core.Common.Storage;
using Outreach.Core.Subscriptions;
using Outreach.IntegrationTests.Infrastructure;

namespace Outreach.IntegrationTests.Subscriptions;

/// <summary>Profiles and consent records written under the older layout (one partition per contact) are read until moved, then moved once.</summary>
public sealed class ContactKeyMigrationTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    private static readonly DateTimeOffset SignedUp = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_profile_and_its_consents_of_the_older_layout_are_read_as_before_then_moved_by_the_migration_and_kept_whole()
    {
        var storage = host.Services.GetRequiredService<StorageAccount>();
        var key = EmailAddress.KeyOf("avant-partitions@example.org");
        await WriteLegacyRowsAsync(storage, key, "Léa");

        var (contacts, consents) = StoresReadingAFreshTable(storage);
        Assert.Equal(("Léa", "en"), ((await contacts.FindContactAsync(key))!.FirstName, (await contacts.FindContactAsync(key))!.Language));
        Assert.Equal([ConsentActions.Confirm, ConsentActions.Signup], (await consents.ListConsentsAsync(key)).Select(c => c.Action));
        Assert.True((await contacts.FindContactsInRangeAsync(key, key)).ContainsKey(key));

        var migration = host.Services.GetRequiredService<ContactKeyMigration>();
        var (profiles, records) = await migration.RunAsync();
        Assert.True(profiles >= 1 && records >= 2, $"moved {profiles} profile(s) and {records} consent(s)");
        Assert.Equal((0, 0), await migration.RunAsync());

        Assert.Empty(await LegacyRowsAsync(storage, TableNames.Contacts));
        Assert.Empty(await LegacyRowsAsync(storage, TableNames.Consents));
        (contacts, consents) = StoresReadingAFreshTable(storage);
        var moved = (await contacts.FindContactAsync(key))!;
        Assert.Equal(("avant-partitions@example.org", "Léa", "en", 2), (moved.Email, moved.FirstName, moved.Language, moved.ConfirmationMailsInWindow));
        Assert.Equal([ConsentActions.Confirm, ConsentActions.Signup], (await consents.ListConsentsAsync(key)).Select(c => c.Action));
    }

    [Fact]
    public async Task Saving_a_profile_read_from_the_older_layout_moves_it_and_an_erasure_finds_both_layouts()
    {
        var storage = host.Services.GetRequiredService<StorageAccount>();
        var (movedKey, erasedKey) = (EmailAddress.KeyOf("sauve-avant@example.org"), EmailAddress.KeyOf("efface-avant@example.org"));
        await WriteLegacyRowsAsync(storage, movedKey, "Noé");
        await WriteLegacyRowsAsync(storage, erasedKey, "Inès");
        var (contacts, consents) = StoresReadingAFreshTable(storage);

        var read = (await contacts.FindContactAsync(movedKey))!;
        Assert.True(await contacts.TrySaveContactAsync(read with { FirstName = "Noé-Paul" }));
        Assert.False(await contacts.TrySaveContactAsync(read with { FirstName = "Noé-Jean" })); // the same old read, once moved
        Assert.Equal("Noé-Paul", (await contacts.FindContactAsync(movedKey))!.FirstName);

        await contacts.DeleteContactAsync(erasedKey);
        await consents.DeleteConsentsAsync(erasedKey);
        Assert.Null(await contacts.FindContactAsync(erasedKey));
        Assert.Empty(await consents.ListConsentsAsync(erasedKey));
        var left = (await LegacyRowsAsync(storage, TableNames.Contacts)).Concat(await LegacyRowsAsync(storage, TableNames.Consents));
        Assert.DoesNotContain(left, e => e.PartitionKey == erasedKey || e.PartitionKey == movedKey && e.RowKey == "profile");
    }

    /// <summary>Stores with a fresh memory of whether legacy rows remain (the host's own may have seen none before these were written).</summary>
    private static (ContactStore, ConsentStore) StoresReadingAFreshTable(StorageAccount storage)
    {
        var legacy = new LegacyContactRows(storage, TimeProvider.System);
        var consents = new ConsentStore(storage, legacy);
        return (new ContactStore(storage, consents, legacy), consents);
    }

    private static async Task WriteLegacyRowsAsync(StorageAccount storage, string key, string firstName)
    {
        var contacts = await storage.TableAsync(TableNames.Contacts);
        await contacts.AddEntityAsync(new TableEntity(key, "profile")
        {
            ["Email"] = firstName switch { "Léa" => "avant-partitions@example.org", "Noé" => "sauve-avant@example.org", _ => "efface-avant@example.org" },
            ["FirstName"] = firstName, ["Language"] = "en", ["CreatedAt"] = SignedUp, ["ConfirmationMailsInWindow"] = 2,
        });
        var consents = await storage.TableAsync(TableNames.Consents);
        foreach (var (action, at) in new[] { (ConsentActions.Signup, SignedUp), (ConsentActions.Confirm, SignedUp.AddMinutes(5)) })
        {
            var rowKey = (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "-0000abcd";
            await consents.AddEntityAsync(new TableEntity(key, rowKey)
            {
                ["At"] = at, ["Action"] = action, ["Source"] = "form", ["WordingVersion"] = "v1", ["Audiences"] = "newsletter",
            });
        }
    }

    private static async Task<List<TableEntity>> LegacyRowsAsync(StorageAccount storage, string tableName)
    {
        var table = await storage.TableAsync(tableName);
        var rows = new List<TableEntity>();
        await foreach (var e in table.QueryAsync<TableEntity>(ContactPartitions.LegacyFilter)) rows.Add(e);
        return rows;
    }
}
