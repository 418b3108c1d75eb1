using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Outreach.IntegrationTests.Infrastructure;

namespace Outreach.IntegrationTests.Subscriptions;

public sealed class BrowserDevHostFixture : DevHostFixture
{
    public BrowserDevHostFixture() => UseRealServer();
}

[Trait("Category", "Browser")]
public class SignupBrowserTests(BrowserDevHostFixture host) : IClassFixture<BrowserDevHostFixture>
{
    [Fact]
    public async Task A_person_signs_up_confirms_changes_preferences_and_unsubscribes_in_a_real_browser()
    {
        await using var context = await Browser.NewContextAsync(host.ServerAddress);
        var page = await context.NewPageAsync();

        await page.GotoAsync("api/signup?audience=newsletter");
        Assert.Equal("fr", await page.GetAttributeAsync("html", "lang"));
        Assert.True(await page.GetByLabel("La Newsletter (mensuelle)").IsCheckedAsync());
        await page.GetByLabel("Adresse e-mail").FillAsync("navigateur@example.org");
        await page.GetByLabel("Prénom (facultatif)").FillAsync("Camille");
        await page.GetByLabel("La quotidienne").CheckAsync();
        await page.GetByLabel("J'accepte de recevoir").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Je m'inscris" }).ClickAsync();

        await page.WaitForURLAsync("**/api/subscriptions/check-inbox");
        Assert.Equal("Vérifiez votre boîte mail", await page.Locator("h1").InnerTextAsync());

        var confirmation = Assert.Single(await host.ReadOutboxAsync("navigateur@example.org"));
        await page.GotoAsync(SubscriptionClient.LinkIn(confirmation, "/api/subscriptions/confirm").TrimStart('/'));
        Assert.Equal("Confirmer votre inscription", await page.Locator("h1").InnerTextAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Je confirme mon inscription" }).ClickAsync();
        Assert.Equal("Inscription confirmée", await page.Locator("h1").InnerTextAsync());
        Assert.Contains("La quotidienne", await page.Locator("main").InnerTextAsync());

        await page.GetByRole(AriaRole.Link, new() { Name = "Gérer mes préférences" }).ClickAsync();
        Assert.Equal("Mes préférences", await page.Locator("h1").InnerTextAsync());
        await page.GetByLabel("La quotidienne").UncheckAsync();
        await page.GetByLabel("L'hebdo association").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer mes choix" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Vos préférences sont enregistrées");

        var statuses = SubscriptionClient.Statuses(await host.SubscriberAsync("navigateur@example.org"));
        Assert.Equal("confirmed", statuses["newsletter"]);
        Assert.Equal("unsubscribed", statuses["quotidienne"]);
        Assert.Equal("pending", statuses["hebdo-associations"]); // confirmed from the mail it was just sent

        var welcome = (await host.ReadOutboxAsync("navigateur@example.org")).Last(m => m.TextBody?.Contains("/api/unsubscribe") == true);
        await page.GotoAsync(SubscriptionClient.LinkIn(welcome, "/api/unsubscribe").TrimStart('/'));
        Assert.Equal("Se désinscrire", await page.Locator("h1").InnerTextAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirmer la désinscription" }).ClickAsync();
        Assert.Equal("Désinscription enregistrée", await page.Locator("h1").InnerTextAsync());

        Assert.All(SubscriptionClient.Statuses(await host.SubscriberAsync("navigateur@example.org")).Values, status => Assert.Equal("unsubscribed", status));
    }

    [Fact]
    public async Task The_form_works_with_the_keyboard_alone_and_in_english()
    {
        await using var context = await Browser.NewContextAsync(host.ServerAddress, "en-GB");
        var page = await context.NewPageAsync();
        await page.GotoAsync("api/signup?lang=en");
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));

        await page.GetByLabel("E-mail address").FocusAsync();
        await page.Keyboard.TypeAsync("keyboard@example.org");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("Kim");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Space"); // the first list: The daily
        await page.GetByLabel("I agree to receive").FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await page.Keyboard.PressAsync("Enter");

        await page.WaitForURLAsync("**/api/subscriptions/check-inbox?lang=en");
        Assert.Equal("Check your inbox", await page.Locator("h1").InnerTextAsync());
        var mail = Assert.Single(await host.ReadOutboxAsync("keyboard@example.org"));
        Assert.Contains("The daily", mail.TextBody);
    }
}
