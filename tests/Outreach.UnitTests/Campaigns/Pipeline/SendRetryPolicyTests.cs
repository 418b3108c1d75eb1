using Outreach.Core.Campaigns;
using Outreach.Core.Campaigns.Pipeline;

namespace Outreach.UnitTests.Campaigns.Pipeline;

public class SendRetryPolicyTests
{
    private static readonly DeliveryOptions Options = new() { RetryBaseDelay = TimeSpan.FromSeconds(5), MaxRetryDelay = TimeSpan.FromMinutes(15) };
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_429_waits_until_SendGrid_s_rate_limit_resets()
    {
        var refusal = SendGridRefusal.From(429, "{\"errors\":[{\"message\":\"too many requests\"}]}", Now.AddSeconds(42).ToUnixTimeSeconds().ToString(), null, Now);

        Assert.True(refusal.IsTransient);
        Assert.Equal(TimeSpan.FromSeconds(42), refusal.RetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(42), SendRetryPolicy.DelayAfter(refusal, 1, Options, random: 0));
        Assert.Equal(TimeSpan.FromSeconds(42.5), SendRetryPolicy.DelayAfter(refusal, 1, Options, random: 0.5));
    }

    [Fact]
    public void A_reset_already_past_means_now() =>
        Assert.Equal(TimeSpan.Zero, SendGridRefusal.From(429, "", Now.AddSeconds(-3).ToUnixTimeSeconds().ToString(), null, Now).RetryAfter);

    [Theory]
    [InlineData(1, 2.5, 5)]
    [InlineData(2, 5, 10)]
    [InlineData(3, 10, 20)]
    [InlineData(20, 450, 900)] // capped at 15 minutes
    public void Server_errors_back_off_exponentially_with_jitter_and_a_cap(int attempt, double minSeconds, double maxSeconds)
    {
        var refusal = SendGridRefusal.From(503, "unavailable", null, null, Now);
        Assert.True(refusal.IsTransient);
        Assert.Equal(TimeSpan.FromSeconds(minSeconds), SendRetryPolicy.DelayAfter(refusal, attempt, Options, random: 0));
        Assert.Equal(TimeSpan.FromSeconds(maxSeconds), SendRetryPolicy.DelayAfter(refusal, attempt, Options, random: 0.999999).RoundToSeconds());
    }

    [Fact]
    public void A_wait_longer_than_the_cap_is_cut_to_the_cap()
    {
        var refusal = SendGridRefusal.From(429, "", Now.AddHours(3).ToUnixTimeSeconds().ToString(), null, Now);
        Assert.Equal(Options.MaxRetryDelay, SendRetryPolicy.DelayAfter(refusal, 1, Options, random: 0));
    }

    [Fact]
    public void A_400_is_permanent_and_keeps_SendGrid_s_words()
    {
        var refusal = SendGridRefusal.From(400,
            "{\"errors\":[{\"message\":\"The from email does not contain a valid address.\",\"field\":\"from.email\",\"help\":\"http://sendgrid.com/docs\"}]}", null, null, Now);

        Assert.False(refusal.IsTransient);
        Assert.Equal(400, refusal.StatusCode);
        Assert.Equal("SendGrid answered 400: from.email: The from email does not contain a valid address.", refusal.Message);
    }
}

internal static class TimeSpanRounding
{
    public static TimeSpan RoundToSeconds(this TimeSpan value) => TimeSpan.FromSeconds(Math.Round(value.TotalSeconds));
}
