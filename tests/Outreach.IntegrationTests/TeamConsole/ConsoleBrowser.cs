using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Outreach.IntegrationTests.Infrastructure;

namespace Outreach.IntegrationTests.TeamConsole;

/// <summary>The DevHost on a real port, for the console in Chromium.</summary>
public sealed class ConsoleDevHost : DevHostFactory
{
    public ConsoleDevHost() => UseRealServer();
}

/// <summary>What the console's browser tests do the same way: sign in on the DevHost's page, wait for a screen, check it with axe-core.</summary>
public static class ConsoleBrowser
{
    /// <summary>Opens /console/, which sends nobody-signed-in to the sign-in page, signs in there and comes back.</summary>
    public static async Task<IPage> SignInAsync(IBrowserContext context, string email, string name, params string[] roles)
    {
        UseGenerousWaits(context);
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
    /// The WebAssembly app starts in a few seconds on a quiet machine but far slower on a loaded CI runner: waits for
    /// what the person would see get a high ceiling (they end as soon as it is there; nothing waits for a fixed time).
    /// </summary>
    private static void UseGenerousWaits(IBrowserContext context)
    {
        context.SetDefaultTimeout(60_000);
        Assertions.SetDefaultExpectTimeout(30_000);
    }

    /// <summary>Fails with the list of serious or critical axe-core violations of the page as it is now.</summary>
    public static async Task AssertAccessibleAsync(IPage page)
    {
        var results = await page.RunAxe();
        var blocking = results.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join(" | ", v.Nodes.Select(n => n.Html))}")
            .ToList();
        Assert.True(blocking.Count == 0, $"axe-core on {page.Url}:\n" + string.Join("\n", blocking));
    }
}
