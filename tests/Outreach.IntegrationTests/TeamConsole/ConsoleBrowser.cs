using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Outreach.IntegrationTests.Infrastructure;

namespace Outreach.IntegrationTests.TeamConsole;

/// <summary>The DevHost on a real port, for the console in Chromium.</summary>
public sealed class ConsoleDevHostFixture : DevHostFactory
{
    public ConsoleDevHostFixture() => UseRealServer();
}

/// <summary>
/// What the console's browser tests do the same way: run a journey in a fresh browser context with every wait bounded,
/// sign in on the DevHost's page, check a screen with axe-core. A journey that fails or overruns ends with what the
/// browser said (console, page errors, failed requests) and a screenshot of each open page.
/// </summary>
public static class ConsoleBrowser
{
    /// <summary>The most a whole journey may take before it fails (it ends as soon as its last step is done).</summary>
    public static readonly TimeSpan JourneyLimit = TimeSpan.FromMinutes(4);

    /// <summary>The most one axe-core check may take.</summary>
    private static readonly TimeSpan AxeLimit = TimeSpan.FromSeconds(60);

    /// <summary>Where screenshots of failed journeys are written (beside the test assembly).</summary>
    public static string FailuresFolder => Path.Combine(AppContext.BaseDirectory, "browser-failures");

    /// <summary>
    /// Runs <paramref name="journey"/> in a new browser context on <paramref name="server"/>, failing it after
    /// <see cref="JourneyLimit"/> with a message that says where it stood.
    /// </summary>
    public static async Task RunAsync(Uri server, Func<IBrowserContext, Task> journey, [CallerMemberName] string test = "")
    {
        var context = await Browser.NewContextAsync(server).WaitAsync(TimeSpan.FromMinutes(1));
        var log = new BrowserLog(context);
        UseBoundedWaits(context);
        var running = Task.CompletedTask;
        try
        {
            running = journey(context);
            await running.WaitAsync(JourneyLimit);
        }
        catch (Exception failure)
        {
            var what = running.IsCompleted ? "failed" : $"did not finish within {JourneyLimit.TotalMinutes} min";
            var screenshots = await ScreenshotsAsync(context, test);
            throw new InvalidOperationException(
                $"{test} {what} on {string.Join(", ", context.Pages.Select(p => p.Url))}: {failure.Message}\n" +
                $"Screenshots: {string.Join(", ", screenshots)}\nBrowser log (last lines):\n{log.Tail(40)}", failure);
        }
        finally
        {
            try
            {
                await context.CloseAsync().WaitAsync(TimeSpan.FromSeconds(20));
            }
            catch (System.TimeoutException)
            {
                // A context that does not close in time is left to the browser's exit; the journey's outcome stands.
            }
        }
    }

    /// <summary>Opens /console/, which sends nobody-signed-in to the sign-in page, signs in there and comes back.</summary>
    public static async Task<IPage> SignInAsync(IBrowserContext context, string email, string name, params string[] roles)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("console/");
        await page.WaitForURLAsync("**/.auth/login/aad**");
        await page.GetByLabel("Adresse e-mail").FillAsync(email);
        await page.GetByLabel("Nom").FillAsync(name);
        foreach (var role in roles)
        {
            await page.Locator($"input[name=roles][value={role}]").CheckAsync();
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.WaitForURLAsync("**/console/");
        await Assertions.Expect(page.GetByTestId("person-name")).ToHaveTextAsync(name);
        return page;
    }

    /// <summary>
    /// Fails with the list of serious or critical axe-core violations of the page as it is now. A sandboxed frame with
    /// scripts off (the issue preview) cannot run axe-core (an evaluation there never settles), so the page is checked
    /// without its frames and each <c>srcdoc</c> frame's document is checked in a page of its own.
    /// </summary>
    public static async Task AssertAccessibleAsync(IPage page)
    {
        AssertNoBlockingViolation(page.Url, await RunAxeAsync(page));
        foreach (var frame in await page.Locator("iframe[srcdoc]").AllAsync())
        {
            var document = await frame.GetAttributeAsync("srcdoc") ?? "";
            var title = await frame.GetAttributeAsync("title");
            var alone = await page.Context.NewPageAsync();
            try
            {
                await alone.SetContentAsync(document, new() { WaitUntil = WaitUntilState.DOMContentLoaded });
                AssertNoBlockingViolation($"{page.Url}, frame \"{title}\"", await RunAxeAsync(alone));
            }
            finally
            {
                await alone.CloseAsync();
            }
        }
    }

    private static async Task<AxeResult> RunAxeAsync(IPage page)
    {
        try
        {
            return await page.RunAxe(new AxeRunOptions { Iframes = false }).WaitAsync(AxeLimit);
        }
        catch (System.TimeoutException timeout)
        {
            throw new System.TimeoutException($"axe-core gave no result within {AxeLimit.TotalSeconds} s on {page.Url}.", timeout);
        }
    }

    private static void AssertNoBlockingViolation(string where, AxeResult results)
    {
        var blocking = results.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join(" | ", v.Nodes.Select(n => n.Html))}")
            .ToList();
        Assert.True(blocking.Count == 0, $"axe-core on {where}:\n" + string.Join("\n", blocking));
    }

    /// <summary>
    /// The WebAssembly app starts in a few seconds on a quiet machine but far slower on a loaded one: waits for what the
    /// person would see get a high ceiling (they end as soon as it is there; nothing waits for a fixed time), and none
    /// is unbounded.
    /// </summary>
    private static void UseBoundedWaits(IBrowserContext context)
    {
        context.SetDefaultTimeout(90_000);
        context.SetDefaultNavigationTimeout(90_000);
        Assertions.SetDefaultExpectTimeout(60_000);
    }

    private static async Task<IReadOnlyList<string>> ScreenshotsAsync(IBrowserContext context, string test)
    {
        Directory.CreateDirectory(FailuresFolder);
        var files = new List<string>();
        foreach (var (page, index) in context.Pages.Select((p, i) => (p, i)))
        {
            var file = Path.Combine(FailuresFolder, $"{test}-{index}.png");
            try
            {
                await page.ScreenshotAsync(new() { Path = file, FullPage = true, Timeout = 10_000 }).WaitAsync(TimeSpan.FromSeconds(15));
                files.Add(file);
            }
            catch (Exception e) when (e is PlaywrightException or System.TimeoutException)
            {
                files.Add($"(none for {page.Url}: {e.Message.Split('\n')[0]})");
            }
        }

        return files;
    }

    /// <summary>What the pages of a context said: console messages, uncaught errors, failed requests, error answers.</summary>
    private sealed class BrowserLog
    {
        private readonly ConcurrentQueue<string> lines = new();

        public BrowserLog(IBrowserContext context)
        {
            context.Page += (_, page) => Follow(page);
            foreach (var page in context.Pages)
            {
                Follow(page);
            }
        }

        public string Tail(int count) => string.Join("\n", lines.TakeLast(count));

        private void Follow(IPage page)
        {
            page.Console += (_, message) => Add($"console.{message.Type}: {message.Text}");
            page.PageError += (_, error) => Add($"page error: {error}");
            page.RequestFailed += (_, request) => Add($"request failed: {request.Method} {request.Url} {request.Failure}");
            page.Response += (_, response) =>
            {
                if (response.Status >= 400)
                {
                    Add($"{response.Status} {response.Request.Method} {response.Url}");
                }
            };
            page.FrameNavigated += (_, frame) =>
            {
                if (frame.ParentFrame is null)
                {
                    Add($"at {frame.Url}");
                }
            };
        }

        private void Add(string line)
        {
            lines.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {line}");
            while (lines.Count > 400 && lines.TryDequeue(out _))
            {
            }
        }
    }
}
