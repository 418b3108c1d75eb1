using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Outreach.Core.Common.Configuration;
using Outreach.Core.Common.Links;

namespace Outreach.UnitTests.Common.Links;

public class LinkTokensTests
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero));

    private LinkTokens Tokens(string key = "a-signing-key-that-is-long-enough-for-hmac") =>
        new(Options.Create(new TokenOptions { SigningKey = key, ConfirmationValidityDays = 7 }), clock);

    [Fact]
    public void A_confirmation_token_verifies_for_its_purpose_and_names_its_contact()
    {
        var tokens = Tokens();
        var text = tokens.ForConfirmation("abc123");

        Assert.Equal(TokenCheck.Valid, tokens.Verify(text, TokenPurpose.Confirm, out var token));
        Assert.Equal("abc123", token!.ContactKey);
        Assert.Equal(clock.GetUtcNow().AddDays(7).ToUnixTimeSeconds(), token.ExpiresAt!.Value.ToUnixTimeSeconds());
    }

    [Fact]
    public void A_confirmation_token_expires_after_its_validity()
    {
        var tokens = Tokens();
        var text = tokens.ForConfirmation("abc123");
        clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1));

        Assert.Equal(TokenCheck.Expired, tokens.Verify(text, TokenPurpose.Confirm, out _));
    }

    [Fact]
    public void Unsubscribe_tokens_never_expire()
    {
        var tokens = Tokens();
        var unsubscribe = tokens.ForUnsubscribe("abc123", "newsletter");
        clock.Advance(TimeSpan.FromDays(3650));

        Assert.Equal(TokenCheck.Valid, tokens.Verify(unsubscribe, TokenPurpose.Unsubscribe, out var token));
        Assert.Equal("newsletter", token!.Scope);
    }

    [Fact]
    public void A_preferences_token_works_for_its_validity_then_is_expired_but_still_names_its_contact()
    {
        var tokens = Tokens();
        var preferences = tokens.ForPreferences("abc123");
        clock.Advance(TimeSpan.FromDays(60));
        Assert.Equal(TokenCheck.Valid, tokens.Verify(preferences, TokenPurpose.Preferences, out _));

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TokenCheck.Expired, tokens.Verify(preferences, TokenPurpose.Preferences, out var token));
        Assert.Equal("abc123", token!.ContactKey);
    }

    [Fact]
    public void A_token_for_one_purpose_is_refused_for_another()
    {
        var tokens = Tokens();
        Assert.Equal(TokenCheck.WrongPurpose, tokens.Verify(tokens.ForPreferences("abc"), TokenPurpose.Unsubscribe, out _));
        Assert.Equal(TokenCheck.WrongPurpose, tokens.Verify(tokens.ForUnsubscribe("abc", "*"), TokenPurpose.Confirm, out _));
    }

    [Fact]
    public void A_tampered_token_is_refused()
    {
        var tokens = Tokens();
        var text = tokens.ForUnsubscribe("abc123", "newsletter");
        var forged = tokens.Sign(new LinkToken(TokenPurpose.Unsubscribe, "someone-else", "*", null));
        var tampered = forged.Split('.')[0] + "." + text.Split('.')[1];

        Assert.Equal(TokenCheck.BadSignature, tokens.Verify(tampered, TokenPurpose.Unsubscribe, out _));
    }

    [Fact]
    public void A_token_signed_with_another_key_is_refused()
    {
        var foreign = Tokens("another-signing-key-that-is-long-enough!!").ForPreferences("abc123");
        Assert.Equal(TokenCheck.BadSignature, Tokens().Verify(foreign, TokenPurpose.Preferences, out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("no-dot-here")]
    [InlineData(".")]
    [InlineData("abc.")]
    [InlineData("!!!.???")]
    [InlineData("a.b.c")]
    public void Garbage_is_malformed_not_an_exception(string? text)
    {
        Assert.NotEqual(TokenCheck.Valid, Tokens().Verify(text, TokenPurpose.Confirm, out var token));
        Assert.Null(token);
    }
}
