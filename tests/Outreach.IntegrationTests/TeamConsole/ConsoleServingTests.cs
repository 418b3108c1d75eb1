using System.Net;
using System.Text.RegularExpressions;
using Outreach.Functions.TeamConsole;
using Outreach.IntegrationTests.Infrastructure;

namespace Outreach.IntegrationTests.TeamConsole;

/// <summary>The console's files as the Functions app serves them at /console/ (here through the DevHost).</summary>
public sealed partial class ConsoleServingTests(DevHostFactory host) : IClassFixture<DevHostFactory>
{
    [Fact]
    public async Task The_console_page_is_served_at_console_with_its_base_and_a_content_security_policy()
    {
        using var client = host.CreateClient(new() { AllowAutoRedirect = false });

        using var bare = await client.GetAsync("/console");
        Assert.Equal(HttpStatusCode.Redirect, bare.StatusCode);
        Assert.Equal("/console/", bare.Headers.Location?.OriginalString);

        using var page = await client.GetAsync("/console/");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<base href=\"/console/\" />", html);
        Assert.Contains("<html lang=\"fr\">", html);
        Assert.Equal("no-cache", page.Headers.CacheControl?.ToString());
        var policy = string.Join(" ", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Contains("'wasm-unsafe-eval'", policy);
        Assert.DoesNotContain("'unsafe-inline'", policy.Split(';').Single(directive => directive.Trim().StartsWith("script-src", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("/console/newsletters")]
    [InlineData("/console/campaigns/c-123")]
    [InlineData("/console/people?email=marie%40example.org")]
    public async Task A_console_page_address_answers_the_console_page(string address)
    {
        using var client = host.CreateClient();
        using var response = await client.GetAsync(address);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<base href=\"/console/\" />", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Fingerprinted_files_are_cached_for_good_and_the_rest_is_revalidated()
    {
        using var client = host.CreateClient();
        var html = await client.GetStringAsync("/console/");
        var script = BlazorScript().Match(html).Groups[1].Value;
        Assert.NotEmpty(script);

        using var fingerprinted = await client.GetAsync("/console/" + script);
        Assert.Equal(HttpStatusCode.OK, fingerprinted.StatusCode);
        Assert.Equal("text/javascript", fingerprinted.Content.Headers.ContentType?.MediaType);
        Assert.Contains("immutable", fingerprinted.Headers.CacheControl?.ToString());
        Assert.Equal("nosniff", fingerprinted.Headers.GetValues("X-Content-Type-Options").Single());

        using var stylesheet = await client.GetAsync("/console/css/console.css");
        Assert.Equal("text/css", stylesheet.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", stylesheet.Headers.CacheControl?.ToString());
    }

    [Theory]
    [InlineData("/console/missing.js")]
    [InlineData("/console/..%2f..%2fappsettings.json")]
    [InlineData("/console/%2e%2e/host.json")]
    [InlineData("/console/_framework/..%5c..%5cOutreach.Core.dll")]
    public async Task A_file_that_is_not_part_of_the_console_is_not_found(string address)
    {
        using var client = host.CreateClient();
        using var response = await client.GetAsync(address);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public void The_precompressed_copy_the_browser_accepts_is_chosen_brotli_first()
    {
        var root = Directory.CreateTempSubdirectory("console-files").FullName;
        File.WriteAllText(Path.Combine(root, "index.html"), "<script type=\"importmap\">{}</script>");
        Directory.CreateDirectory(Path.Combine(root, "_framework"));
        foreach (var name in new[] { "dotnet.abcdef1234.js", "dotnet.abcdef1234.js.br", "dotnet.abcdef1234.js.gz" })
        {
            File.WriteAllText(Path.Combine(root, "_framework", name), name);
        }

        var files = new ConsoleFiles(root);
        Assert.Equal("br", files.Find("_framework/dotnet.abcdef1234.js", "gzip, deflate, br")!.ContentEncoding);
        Assert.Equal("gzip", files.Find("_framework/dotnet.abcdef1234.js", "gzip")!.ContentEncoding);
        Assert.Null(files.Find("_framework/dotnet.abcdef1234.js", "identity")!.ContentEncoding);
        Assert.True(files.Find("_framework/dotnet.abcdef1234.js", "")!.Immutable);
        Assert.True(files.Find("audiences/newsletter", "")!.IsIndex);
        Assert.Null(files.Find("../index.html", ""));
        Assert.Contains("'sha256-RBNvo1WzZ4oRRq0W9+hknpT7T8If536DEMBg9hyq/4o='", files.ContentSecurityPolicy());
    }

    [GeneratedRegex("<script src=\"(_framework/blazor\\.webassembly\\.[a-z0-9]+\\.js)\"")]
    private static partial Regex BlazorScript();
}
