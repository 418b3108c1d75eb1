using System.Net;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Outreach.DevHost.EasyAuth;
using Outreach.IntegrationTests.Infrastructure;
using Outreach.IntegrationTests.Subscriptions;

namespace Outreach.IntegrationTests.Accounts;

/// <summary>The DevHost's sign-in and sign-out pages in Chromium: usable by label and keyboard, and clean for axe-core.</summary>
[Trait("Category", "Browser")]
public class SignInBrowserTests(BrowserDevHostFixture host) : IClassFixture<BrowserDevHostFixture>
{
    [Fact]
    public async Task A_person_signs_in_by_label_sees_themselves_in_me_and_signing_out_ends_the_session()
    {
        await using var context = await Browser.NewContextAsync(host.ServerAddress);
        var page = await context.NewPageAsync();

        await page.GotoAsync(".auth/login/aad?post_login_redirect_uri=/.auth/me");
        Assert.Equal("fr", await page.GetAttributeAsync("html", "lang"));
        await AssertAccessibleAsync(page);
        await page.GetByLabel("Adresse e-mail").FillAsync("lea.petit@example.org");
        await page.GetByLabel("Nom", new() { Exact = true }).FillAsync("Léa Petit");
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "publisher" }).CheckAsync();
        await page.GetByLabel("Nom", new() { Exact = true }).PressAsync("Enter"); // the keyboard submits the form too

        await page.WaitForURLAsync("**/.auth/me");
        var me = await page.Locator("body").InnerTextAsync();
        Assert.Contains("lea.petit@example.org", me, StringComparison.Ordinal);
        Assert.Contains("\"val\":\"publisher\"", me, StringComparison.Ordinal);
        Assert.Contains(await context.CookiesAsync(), c => c.Name == SessionCookie.Name && c.HttpOnly);

        await page.GotoAsync(".auth/logout");
        Assert.Equal("Vous êtes déconnecté", await page.Locator("h1").InnerTextAsync());
        await AssertAccessibleAsync(page);
        Assert.DoesNotContain(await context.CookiesAsync(), c => c.Name == SessionCookie.Name);
        var afterwards = await page.GotoAsync(".auth/me");
        Assert.Equal((int)HttpStatusCode.Unauthorized, afterwards!.Status);
    }

    [Fact]
    public async Task The_refusal_page_is_accessible_too()
    {
        using var client = host.CreateClient();
        using var refused = await client.PostAsync("/.auth/login/aad", new FormUrlEncodedContent([new("email", "not-an-address")]));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

        await using var context = await Browser.NewContextAsync(host.ServerAddress);
        var page = await context.NewPageAsync();
        await page.GotoAsync(".auth/logout"); // any page of the site, so that the refusal's links resolve here
        await page.SetContentAsync(await refused.Content.ReadAsStringAsync());
        Assert.Equal("Connexion refusée", await page.Locator("h1").InnerTextAsync());
        await AssertAccessibleAsync(page);
    }

    private static async Task AssertAccessibleAsync(IPage page)
    {
        var result = await page.RunAxe();
        Assert.True(result.Violations.Length == 0, string.Join("\n", result.Violations.Select(Describe)));
    }

    private static string Describe(AxeResultItem violation) =>
        $"{violation.Id} ({violation.Impact}): {violation.Help} at {string.Join(", ", violation.Nodes.Select(n => n.Target?.ToString()))}";
}
