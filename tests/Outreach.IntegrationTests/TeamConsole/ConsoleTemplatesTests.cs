using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Outreach.Core.Mail.Templates;
using Outreach.IntegrationTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Outreach.IntegrationTests.TeamConsole;

/// <summary>The mail templates in the console: a syntax error shown at its line and not saved, a change saved and previewed, the shipped file restored.</summary>
[Trait("Category", "Browser")]
public sealed class ConsoleTemplatesTests(ConsoleDevHostFixture host) : IClassFixture<ConsoleDevHostFixture>
{
    private const string Broken = "{% capture subject %}Bienvenue{% endcapture %}\n<tr><td>Bonjour</td></tr>\n<tr><td>{% if lists %}</td></tr>\n";

    [Fact]
    public Task A_publisher_sees_a_syntax_error_at_its_line_unsaved_then_saves_a_change_sees_it_in_the_preview_and_restores_the_shipped_text() => ConsoleBrowser.RunAsync(host.ServerAddress, async context =>
    {
        var shipped = ShippedMailTemplates.Find("fr", "welcome")!;
        var page = await ConsoleBrowser.SignInAsync(context, "camille@example.org", "Camille Martin", "publisher");
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Modèles" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Modèles de mails");
        await ConsoleBrowser.AssertAccessibleAsync(page);
        await page.Locator("tr[data-template='fr/welcome'] a").ClickAsync();

        var source = page.GetByLabel("Source Liquid");
        await Expect(source).ToHaveValueAsync(shipped);
        await source.FillAsync(Broken);
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
        await Expect(page.Locator("[data-field-error=source]")).ToContainTextAsync("Ligne 3, colonne");
        await Expect(page.Locator(".gutter li.error-line")).ToHaveAttributeAsync("data-line", "3");
        await ConsoleBrowser.AssertAccessibleAsync(page);
        Assert.Equal(shipped, await StoredSourceAsync());

        await source.FillAsync(shipped.Replace("Merci ! Vous recevrez désormais", "Merci et bienvenue ! Vous recevrez désormais", StringComparison.Ordinal));
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
        await Expect(page.GetByText("Modèle enregistré.")).ToBeVisibleAsync();
        await Expect(page.Locator(".gutter li.error-line")).ToHaveCountAsync(0);
        await Expect(page.FrameLocator("iframe.preview-frame").Locator("body")).ToContainTextAsync("Merci et bienvenue !");
        Assert.Contains("Merci et bienvenue !", await StoredSourceAsync());

        await page.GetByRole(AriaRole.Button, new() { Name = "Rétablir le modèle d'origine" }).ClickAsync();
        await Expect(page.GetByText("Modèle d'origine rétabli.")).ToBeVisibleAsync();
        await Expect(source).ToHaveValueAsync(shipped);
        Assert.Equal(shipped, await StoredSourceAsync());
    });

    [Fact]
    public Task An_admin_edits_the_digest_layout_sees_a_syntax_error_at_its_line_and_restores_the_shipped_layout() => ConsoleBrowser.RunAsync(host.ServerAddress, async context =>
    {
        var shipped = Outreach.Core.Newsletters.DefaultTemplates.DigestSource;
        var page = await ConsoleBrowser.SignInAsync(context, "alex@example.org", "Alex Admin", "admin");
        await page.GotoAsync("console/templates");
        await page.Locator("tr[data-layout='digest'] a").ClickAsync();
        var source = page.GetByLabel("Source Liquid");
        await Expect(source).ToHaveValueAsync(shipped);
        await Expect(page.FrameLocator("iframe.preview-frame").Locator("body")).Not.ToBeEmptyAsync();
        await source.FillAsync("<p>{{ digest.title }}</p>\n{% for article in digest.articles %}\n<p>{{ article.title }}\n");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
        await Expect(page.Locator("[data-field-error=source]")).ToContainTextAsync("Ligne");
        await ConsoleBrowser.AssertAccessibleAsync(page);
        Assert.Equal(shipped, (await host.CreateAdminClient().GetFromJsonAsync<JsonElement>("/api/admin/templates/digest")).GetProperty("source").GetString());

        await page.GetByRole(AriaRole.Button, new() { Name = "Rétablir le modèle d'origine" }).ClickAsync();
        await Expect(page.GetByText("Modèle d'origine rétabli.")).ToBeVisibleAsync();
        await Expect(source).ToHaveValueAsync(shipped);
    });

    [Fact]
    public Task An_editor_reads_a_template_but_finds_saving_unavailable_and_why() => ConsoleBrowser.RunAsync(host.ServerAddress, async context =>
    {
        var page = await ConsoleBrowser.SignInAsync(context, "eli@example.org", "Éli Rédaction", "editor");
        await page.GotoAsync("console/templates/en/welcome");
        await Expect(page.GetByLabel("Source Liquid")).Not.ToHaveValueAsync("");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" })).ToBeDisabledAsync();
        await Expect(page.GetByText("Réservé au rôle publication ou administration.").First).ToBeVisibleAsync();
        await ConsoleBrowser.AssertAccessibleAsync(page);
    });

    private async Task<string?> StoredSourceAsync() =>
        (await host.CreateAdminClient().GetFromJsonAsync<JsonElement>("/api/admin/mail-templates/fr/welcome")).GetProperty("source").GetString();
}
