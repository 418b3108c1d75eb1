using System.Net;
using Outreach.IntegrationTests.Infrastructure;

namespace Outreach.IntegrationTests.Subscriptions;

public class ConcurrentSignupTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    [Fact]
    public async Task Two_hundred_concurrent_sign_ups_are_each_recorded_once_with_one_confirmation()
    {
        var client = host.CreateClient();
        var emails = Enumerable.Range(0, 200).Select(i => $"crowd{i:D3}@example.org").ToList();

        var responses = await Task.WhenAll(emails.Select(email => client.SignUpAsync(email, "quotidienne", "newsletter")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        Assert.Equal(200, await host.CountAsync("quotidienne", "pending"));
        Assert.Equal(200, await host.CountAsync("newsletter", "pending"));
        var mails = await host.ReadOutboxAsync();
        var recipients = mails.Select(m => m.To.Mailboxes.Single().Address).ToList();
        Assert.Equal(200, recipients.Count);
        Assert.Equal(emails.Order(), recipients.Order());
    }
}
