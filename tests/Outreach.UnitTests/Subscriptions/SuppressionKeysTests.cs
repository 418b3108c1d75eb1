using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Outreach.Core.Common.Configuration;
using Outreach.Core.Subscriptions;

namespace Outreach.UnitTests.Subscriptions;

public sealed class SuppressionKeysTests
{
    private static SuppressionKeys With(string pepper) => new(Options.Create(new PrivacyOptions { SuppressionPepper = pepper }));

    [Fact]
    public void The_suppression_key_is_not_a_hash_anyone_can_recompute_from_the_address_and_changes_with_the_pepper()
    {
        Assert.True(EmailAddress.TryParse("Marie.Curie@Example.org", out var address));
        var unpeppered = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(address.Value)));
        var ofKey = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(address.Key)));

        var key = With(new string('a', 32)).Of(address);

        Assert.Matches("^[0-9a-f]{32}$", key);
        Assert.False(unpeppered.StartsWith(key, StringComparison.Ordinal), "the key is SHA-256 of the address");
        Assert.False(ofKey.StartsWith(key, StringComparison.Ordinal), "the key is SHA-256 of the contact key");
        Assert.NotEqual(address.Key, key);
        Assert.NotEqual(key, With(new string('b', 32)).Of(address));
        Assert.Equal(key, With(new string('a', 32)).Of(address.Key));
        Assert.True(EmailAddress.TryParse("marie.curie@example.org", out var same));
        Assert.Equal(key, With(new string('a', 32)).Of(same));
    }
}
