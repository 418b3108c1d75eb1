using Microsoft.Playwright;

namespace Outreach.IntegrationTests.Infrastructure;

/// <summary>
/// Debian's Chromium (<c>/usr/bin/chromium</c>) driven by Playwright, headless and with no outside look-ups: one
/// browser per test process, started on first use, and a fresh context (cookies, storage) per test.
/// </summary>
public static class Browser
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly Lazy<Task<IBrowser>> Instance = new(() => Task.Run(LaunchAsync));
    private static IPlaywright? playwright;

    /// <summary>A new, isolated browser context whose relative URLs resolve against <paramref name="baseAddress"/>. Dispose it at the end of the test.</summary>
    public static async Task<IBrowserContext> NewContextAsync(Uri baseAddress, string locale = "fr-FR", int? viewportWidth = null)
    {
        var browser = await Instance.Value;
        return await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            Locale = locale,
            TimezoneId = "Europe/Paris",
            ViewportSize = viewportWidth is { } width ? new ViewportSize { Width = width, Height = 800 } : null,
        });
    }

    private static async Task<IBrowser> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"Browser tests need Debian's Chromium at {ExecutablePath}: apt-get install -y chromium");
        }

        // Never download a browser of Playwright's own: the machine's Chromium is used.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic",
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
            ],
        });
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            browser.CloseAsync().Wait(TimeSpan.FromSeconds(5));
            playwright.Dispose();
        };
        return browser;
    }
}
