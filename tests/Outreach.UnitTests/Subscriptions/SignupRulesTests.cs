using Outreach.Core.Common.Validation;
using Outreach.Core.Subscriptions;

namespace Outreach.UnitTests.Subscriptions;

public class SignupRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    private static Contact ContactWith(DateTimeOffset? last, DateTimeOffset? windowStart, int inWindow) => new()
    {
        ContactKey = "k", Email = "a@example.org", LastConfirmationMailAt = last, ConfirmationWindowStart = windowStart, ConfirmationMailsInWindow = inWindow,
    };

    [Fact]
    public void A_first_confirmation_mail_is_allowed() =>
        Assert.True(LinkMailAllowance.MayReceiveConfirmation(ContactWith(null, null, 0), Now));

    [Fact]
    public void Two_confirmation_mails_within_a_minute_are_not() =>
        Assert.False(LinkMailAllowance.MayReceiveConfirmation(ContactWith(Now.AddSeconds(-30), Now.AddSeconds(-30), 1), Now));

    [Fact]
    public void The_daily_allowance_is_three_then_resets_after_the_window()
    {
        var windowStart = Now.AddHours(-2);
        Assert.True(LinkMailAllowance.MayReceiveConfirmation(ContactWith(Now.AddMinutes(-5), windowStart, 2), Now));
        Assert.False(LinkMailAllowance.MayReceiveConfirmation(ContactWith(Now.AddMinutes(-5), windowStart, 3), Now));
        Assert.True(LinkMailAllowance.MayReceiveConfirmation(ContactWith(Now.AddMinutes(-5), Now.AddHours(-25), 3), Now));
    }

    [Theory]
    [InlineData("Marie", null)]
    [InlineData("Jean-Baptiste d'Alembert", null)]
    [InlineData("Zoë", null)]
    [InlineData("Evil\r\nBcc: x@example.org", "line breaks")]
    [InlineData("<b>Bold</b>", "<")]
    public void First_names_hold_no_markup_or_line_breaks(string name, string? expectedErrorPart)
    {
        var error = NameRules.Check(name);
        if (expectedErrorPart is null) Assert.Null(error);
        else Assert.Contains(expectedErrorPart, error);
    }

    [Fact]
    public void First_names_have_a_maximum_length() => Assert.NotNull(NameRules.Check(new string('a', 101)));

    [Theory]
    [InlineData("203.0.113.77", "203.0.113.0/24")]
    [InlineData("::ffff:203.0.113.77", "203.0.113.0/24")]
    [InlineData("2001:db8:abcd:12:1:2:3:4", "2001:db8:abcd::/48")]
    [InlineData("not an ip", null)]
    public void Consent_proof_keeps_only_a_network_prefix(string ip, string? expected) =>
        Assert.Equal(expected, new RequestOrigin("api", ip).IpPrefix);
}
