using Outreach.Core.Campaigns.Pipeline;

namespace Outreach.UnitTests.Campaigns.Pipeline;

public class BatchManifestTests
{
    [Fact]
    public void A_manifest_of_1000_comes_back_as_written_and_fits_one_table_entity()
    {
        var recipients = Enumerable.Range(0, 1000)
            .Select(i => new PlannedRecipient(Outreach.Core.Subscriptions.EmailAddress.KeyOf($"r{i}@example.org"), i % 3, $"r{i}@example.org", i % 2 == 0 ? "Zoé" : null))
            .OrderBy(r => r.ContactKey, StringComparer.Ordinal).ToList();
        var encoded = new BatchManifest(recipients).Encode();

        Assert.True(encoded.Length < 256 * 1024, $"{encoded.Length} bytes");
        var decoded = BatchManifest.Decode(encoded);
        Assert.Equal(recipients, decoded.Recipients);
        Assert.Equal(recipients[0].ContactKey, decoded.FirstKey);
        Assert.Equal(recipients[^1].ContactKey, decoded.LastKey);
    }
}
