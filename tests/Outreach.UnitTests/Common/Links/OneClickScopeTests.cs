using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Outreach.Core.Common.Configuration;
using Outreach.Core.Common.Links;

namespace Outreach.UnitTests.Common.Links;

public class OneClickScopeTests
{
    [Theory]
    [InlineData("session:de-la-connaissance-a-la-competence-8c41d2:newsletter", OneClickTarget.Session, "de-la-connaissance-a-la-competence-8c41d2", "newsletter")]
    [InlineData("series:les-jeudis-de-l-odd-17-3f9a1c:programme", OneClickTarget.Series, "les-jeudis-de-l-odd-17-3f9a1c", "programme")]
    [InlineData("session:odd:17:digest", OneClickTarget.Session, "odd:17", "digest")]
    public void A_scope_reads_back_its_target_id_and_source(string text, OneClickTarget target, string id, string source)
    {
        Assert.True(OneClickScope.TryParse(text, out var scope));
        Assert.Equal(new OneClickScope(target, id, source), scope);
        Assert.Equal(text, scope.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("session:abc")]
    [InlineData("session::newsletter")]
    [InlineData("event:abc:newsletter")]
    [InlineData("session:abc:page")]
    [InlineData("session:abc:")]
    [InlineData(":abc:newsletter")]
    public void Anything_else_is_not_a_scope(string? text) => Assert.False(OneClickScope.TryParse(text, out _));

    [Fact]
    public void The_token_carries_the_scope_and_expires_with_the_session()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 10, 1, 8, 0, 0, TimeSpan.Zero));
        var tokens = new LinkTokens(Options.Create(new TokenOptions { SigningKey = "unit-test-signing-key-0123456789abcdef" }), clock);
        var end = new DateTimeOffset(2026, 11, 19, 13, 30, 0, TimeSpan.Zero);
        var token = tokens.ForOneClickRegistration("contact-key", OneClickScope.ForSession("webinar-1", OneClickScope.Newsletter), end);

        Assert.Equal(TokenCheck.Valid, tokens.Verify(token, TokenPurpose.OneClickRegistration, out var verified));
        Assert.Equal("session:webinar-1:newsletter", verified!.Scope);
        Assert.Equal("contact-key", verified.ContactKey);
        Assert.Equal(TokenCheck.WrongPurpose, tokens.Verify(token, TokenPurpose.EventSeat, out _));

        clock.SetUtcNow(end.AddSeconds(1));
        Assert.Equal(TokenCheck.Expired, tokens.Verify(token, TokenPurpose.OneClickRegistration, out _));
    }
}
