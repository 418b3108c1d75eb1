using Outreach.Core.Subscriptions;

namespace Outreach.UnitTests.Subscriptions;

public class EmailAddressTests
{
    [Theory]
    [InlineData("Marie.Curie@Example.ORG", "marie.curie@example.org")]
    [InlineData("  jean@exemple.fr  ", "jean@exemple.fr")]
    [InlineData("contact+lettre@asso.example", "contact+lettre@asso.example")]
    [InlineData("élise@bücher.example", null)]
    [InlineData("elise@bücher.example", "elise@xn--bcher-kva.example")]
    public void Addresses_are_normalised(string input, string? expected)
    {
        var ok = EmailAddress.TryParse(input, out var address);
        if (expected is null)
        {
            Assert.False(ok);
            return;
        }

        Assert.True(ok);
        Assert.Equal(expected, address.Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("plainaddress")]
    [InlineData("@example.org")]
    [InlineData("someone@")]
    [InlineData("someone@localhost")]
    [InlineData("two@@example.org")]
    [InlineData("space in@example.org")]
    [InlineData("line\r\nbreak@example.org")]
    [InlineData("dots..twice@example.org")]
    [InlineData(".leading@example.org")]
    [InlineData("someone@-bad-.example")]
    [InlineData("<script>@example.org")]
    public void Invalid_addresses_are_refused(string input) => Assert.False(EmailAddress.TryParse(input, out _));

    [Fact]
    public void Overlong_addresses_are_refused()
    {
        Assert.False(EmailAddress.TryParse(new string('a', 65) + "@example.org", out _));
        Assert.False(EmailAddress.TryParse("a@" + string.Join('.', Enumerable.Repeat(new string('b', 60), 5)) + ".org", out _));
    }

    [Fact]
    public void The_key_is_the_same_for_every_spelling_of_one_address_and_differs_between_addresses()
    {
        EmailAddress.TryParse("Marie@Example.org", out var a);
        EmailAddress.TryParse("marie@example.ORG ", out var b);
        EmailAddress.TryParse("pierre@example.org", out var c);

        Assert.Equal(a.Key, b.Key);
        Assert.NotEqual(a.Key, c.Key);
        Assert.Matches("^[0-9a-f]{32}$", a.Key);
    }
}
