using System.Net.Http.Json;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Outreach.Core.Newsletters;

namespace Outreach.IntegrationTests.Newsletters;

/// <summary>Feeds read from a loopback HTTP server (never the internet): new items become articles, once per link.</summary>
public sealed class FeedPollingTests
{
    private const string Rss = """
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel><title>Outreach</title><link>https://www.outreach.example.org/</link><description>d</description>
        <item><title>Nouvel article</title><link>https://www.outreach.example.org/a/new</link><description>Frais.</description><pubDate>Thu, 01 Oct 2026 07:00:00 GMT</pubDate></item>
        <item><title>Vieil article</title><link>https://www.outreach.example.org/a/old</link><pubDate>Tue, 01 Sep 2026 07:00:00 GMT</pubDate></item>
        </channel></rss>
        """;

    [Fact]
    public async Task NewFeedItemsBecomeArticlesOncePerLinkAndOldOnesAreIgnored()
    {
        var port = FreePort();
        using var server = new HttpListener();
        server.Prefixes.Add($"http://127.0.0.1:{port}/");
        server.Start();
        var serving = ServeAsync(server);

        await using var host = await NewsletterHostFixture.StartAsync(new DateTimeOffset(2026, 10, 1, 8, 0, 0, TimeSpan.Zero), new Dictionary<string, string?>
        {
            ["Articles:Feeds:0:Url"] = $"http://127.0.0.1:{port}/feed.xml",
            ["Articles:Feeds:0:Audiences:0"] = "quotidienne",
        });
        var poller = host.Services.GetRequiredService<FeedPoller>();

        Assert.Equal(1, await poller.PollAsync());
        Assert.Equal(0, await poller.PollAsync()); // polled again: nothing new
        var duplicate = await host.PostJsonAsync("/api/admin/articles", new { title = "Même lien", url = "https://www.outreach.example.org/a/new#haut", audiences = new[] { "quotidienne" } });
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);

        var articles = await host.Services.GetRequiredService<ArticleStore>().ForAudienceAsync("quotidienne", DateTimeOffset.MinValue.AddYears(1), DateTimeOffset.MaxValue.AddYears(-1), 10);
        Assert.Equal("Nouvel article", Assert.Single(articles).Title);
        server.Stop();
        await serving;
    }

    [Fact]
    public async Task A_feed_is_followed_through_redirects_on_its_own_host_but_never_to_another_host()
    {
        var port = FreePort();
        var otherPort = FreePort();
        using var server = new HttpListener();
        server.Prefixes.Add($"http://127.0.0.1:{port}/");
        server.Start();
        using var other = new HttpListener();
        other.Prefixes.Add($"http://localhost:{otherPort}/");
        other.Start();
        var otherRequests = 0;
        var serving = ServeAsync(server, path => path switch
        {
            "/moved.xml" => (HttpStatusCode.Found, "/feed.xml"),
            "/away.xml" => (HttpStatusCode.Found, $"http://localhost:{otherPort}/feed.xml"),
            _ => (HttpStatusCode.OK, null),
        });
        var servingOther = ServeAsync(other, _ =>
        {
            Interlocked.Increment(ref otherRequests);
            return (HttpStatusCode.OK, null);
        }, Rss.Replace("/a/new", "/a/elsewhere", StringComparison.Ordinal));

        await using var host = await NewsletterHostFixture.StartAsync(new DateTimeOffset(2026, 10, 1, 8, 0, 0, TimeSpan.Zero), new Dictionary<string, string?>
        {
            ["Articles:Feeds:0:Url"] = $"http://127.0.0.1:{port}/moved.xml",
            ["Articles:Feeds:0:Audiences:0"] = "quotidienne",
            ["Articles:Feeds:1:Url"] = $"http://127.0.0.1:{port}/away.xml",
            ["Articles:Feeds:1:Audiences:0"] = "quotidienne",
        });

        Assert.Equal(1, await host.Services.GetRequiredService<FeedPoller>().PollAsync()); // the feed moved within its host
        Assert.Equal(0, otherRequests); // the one sent elsewhere is not followed
        var status = (await host.CreateAdminClient().GetFromJsonAsync<System.Text.Json.JsonElement>("/api/admin/feeds")).EnumerateArray().ToList();
        Assert.Equal(1, status[0].GetProperty("added").GetInt32());
        Assert.False(status[0].TryGetProperty("error", out var none) && none.ValueKind != System.Text.Json.JsonValueKind.Null);
        Assert.Contains("another host", status[1].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2026, 10, 1, 8, 0, 0, TimeSpan.Zero), status[1].GetProperty("lastPolledAt").GetDateTimeOffset());
        server.Stop();
        other.Stop();
        await serving;
        await servingOther;
    }

    private static async Task ServeAsync(HttpListener server, Func<string, (HttpStatusCode Status, string? Location)>? route = null, string rss = Rss)
    {
        try
        {
            while (server.IsListening)
            {
                var context = await server.GetContextAsync();
                var (status, location) = route?.Invoke(context.Request.Url!.AbsolutePath) ?? (HttpStatusCode.OK, null);
                context.Response.StatusCode = (int)status;
                if (location is not null)
                {
                    context.Response.RedirectLocation = location;
                    context.Response.Close();
                    continue;
                }

                var body = Encoding.UTF8.GetBytes(rss);
                context.Response.ContentType = "application/rss+xml; charset=utf-8";
                await context.Response.OutputStream.WriteAsync(body);
                context.Response.Close();
            }
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
            // stopped
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
