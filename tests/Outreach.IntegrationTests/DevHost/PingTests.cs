using System.Net;
using Outreach.IntegrationTests.Infrastructure;

namespace Outreach.IntegrationTests.DevHost;

public sealed class PingTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    [Fact]
    public async Task The_ping_function_answers_through_the_DevHost()
    {
        using var response = await host.CreateClient().GetAsync("/api/ping");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("pong", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_dev_outbox_lists_nothing_before_any_mail()
    {
        using var response = await host.CreateClient().GetAsync("/api/dev/outbox");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("[]", await response.Content.ReadAsStringAsync());
    }
}

/// <summary>The DevHost on a real Kestrel port, for browsers.</summary>
public sealed class RealServerDevHostFixture : DevHostFixture
{
    public RealServerDevHostFixture() => UseRealServer();
}

[Trait("Category", "Browser")]
public sealed class RealServerTests(RealServerDevHostFixture host) : IClassFixture<RealServerDevHostFixture>
{
    [Fact]
    public async Task The_DevHost_listens_on_a_real_loopback_port()
    {
        Assert.Equal("127.0.0.1", host.ServerAddress.Host);
        using var client = new HttpClient { BaseAddress = host.ServerAddress };
        Assert.Contains("pong", await client.GetStringAsync("api/ping"));
    }

    [Fact]
    public async Task Headless_Chromium_reaches_the_DevHost()
    {
        await using var browser = await Browser.NewContextAsync(host.ServerAddress);
        var page = await browser.NewPageAsync();
        var response = await page.GotoAsync("api/ping");
        Assert.Equal(200, response?.Status);
        Assert.Contains("pong", await page.ContentAsync());
    }
}
