using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using MimeKit;
using Outreach.IntegrationTests.Infrastructure;

namespace Outreach.IntegrationTests.Subscriptions;

/// <summary>What a subscriber and the comms team do over HTTP, in a few words each.</summary>
public static partial class SubscriptionClient
{
    public static Task<HttpResponseMessage> SignUpAsync(this HttpClient client, string email, params string[] audiences) =>
        client.PostAsJsonAsync("/api/subscriptions", new { email, firstName = "Marie", audiences, consent = true });

    /// <summary>Creates an audience of its own for one test, so counts are not shared with other tests of the class.</summary>
    public static async Task<string> NewAudienceAsync(this DevHostFixture host)
    {
        var id = "t" + Guid.NewGuid().ToString("N")[..10];
        (await host.CreateAdminClient().PostAsJsonAsync("/api/admin/audiences", new { id, name = "Test " + id, cadence = "weekly" })).EnsureSuccessStatusCode();
        return id;
    }

    /// <summary>An audience's counts once the queued work (sign-ups, mails) is done, as a person looking later would see them.</summary>
    public static async Task<JsonElement> AudienceCountsAsync(this DevHostFixture host, string audienceId)
    {
        await host.DrainQueuesAsync();
        var all = await host.CreateAdminClient().GetFromJsonAsync<JsonElement>("/api/admin/audiences");
        return all.EnumerateArray().Single(a => a.GetProperty("id").GetString() == audienceId).GetProperty("counts");
    }

    public static async Task<int> CountAsync(this DevHostFixture host, string audienceId, string status) =>
        (await host.AudienceCountsAsync(audienceId)).GetProperty(status).GetInt32();

    /// <summary>The path and query of the first link in the mail's text part that starts with <paramref name="pathPrefix"/>.</summary>
    public static string LinkIn(MimeMessage mail, string pathPrefix)
    {
        foreach (Match match in Url().Matches(mail.TextBody ?? ""))
        {
            var uri = new Uri(match.Value);
            if (uri.AbsolutePath.StartsWith(pathPrefix, StringComparison.Ordinal)) return uri.PathAndQuery;
        }

        throw new InvalidOperationException($"No {pathPrefix} link in the mail '{mail.Subject}'.");
    }

    /// <summary>The path and query of the HTTPS/HTTP URL in the List-Unsubscribe header.</summary>
    public static string ListUnsubscribeUrl(MimeMessage mail)
    {
        var header = mail.Headers["List-Unsubscribe"] ?? throw new InvalidOperationException("No List-Unsubscribe header.");
        var url = header.Split(',').Select(p => p.Trim().Trim('<', '>')).First(p => p.StartsWith("http", StringComparison.Ordinal));
        return new Uri(url).PathAndQuery;
    }

    public static async Task<string> ConfirmAsync(this DevHostFixture host, string email, params string[] audiences)
    {
        var client = host.CreateClient();
        (await client.SignUpAsync(email, audiences)).EnsureSuccessStatusCode();
        return await host.FollowConfirmationLinkAsync(email);
    }

    /// <summary>What the person does with the latest confirmation mail: opens the link (a page), then presses its button.</summary>
    public static async Task<string> FollowConfirmationLinkAsync(this DevHostFixture host, string email)
    {
        var client = host.CreateClient();
        var confirmation = (await host.ReadOutboxAsync(email)).Last(m => m.TextBody?.Contains("/api/subscriptions/confirm") == true);
        var link = LinkIn(confirmation, "/api/subscriptions/confirm");
        (await client.GetAsync(link)).EnsureSuccessStatusCode();
        var response = await client.PostAsync(link, new FormUrlEncodedContent([]));
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The GDPR export of one address, once the queued work is done.</summary>
    public static async Task<JsonElement> SubscriberAsync(this DevHostFixture host, string email)
    {
        await host.DrainQueuesAsync();
        return await host.CreateAdminClient().GetFromJsonAsync<JsonElement>($"/api/admin/subscribers/{email}");
    }

    /// <summary>The status of each membership in a GDPR export, by audience.</summary>
    public static Dictionary<string, string?> Statuses(JsonElement subscriber) =>
        subscriber.GetProperty("memberships").EnumerateArray().ToDictionary(m => m.GetProperty("audience").GetString()!, m => m.GetProperty("status").GetString());

    [GeneratedRegex(@"https?://[^\s<>""]+")]
    private static partial Regex Url();
}
