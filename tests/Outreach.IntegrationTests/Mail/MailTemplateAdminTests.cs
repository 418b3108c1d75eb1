using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Outreach.Core.Mail.Templates;
using Outreach.IntegrationTests.Infrastructure;
using Outreach.IntegrationTests.Subscriptions;

namespace Outreach.IntegrationTests.Mail;

/// <summary>The comms team edits a mail's wording through the admin API; the next mail says it, and a broken template is refused.</summary>
public class MailTemplateAdminTests(DevHostFactory host) : IClassFixture<DevHostFactory>
{
    [Fact]
    public async Task The_shipped_templates_are_seeded_and_listed_in_both_languages()
    {
        using var admin = host.CreateAdminClient();

        var list = await admin.GetFromJsonAsync<JsonElement>("/api/admin/mail-templates");
        var listed = list.EnumerateArray().Select(t => (t.GetProperty("language").GetString(), t.GetProperty("name").GetString())).ToHashSet();
        Assert.Equal(ShippedMailTemplates.All.Select(t => ((string?)t.Language, (string?)t.Name)).ToHashSet(), listed);

        var welcome = await admin.GetFromJsonAsync<JsonElement>("/api/admin/mail-templates/en/welcome");
        Assert.Equal(ShippedMailTemplates.Find("en", "welcome"), welcome.GetProperty("source").GetString());
        Assert.False(welcome.GetProperty("edited").GetBoolean());
    }

    [Fact]
    public async Task An_edited_confirmation_is_what_the_next_subscriber_receives_and_its_link_still_confirms()
    {
        using var admin = host.CreateAdminClient();
        var source = ShippedMailTemplates.Find("fr", "confirmation")!
            .Replace("Confirmez votre inscription", "Un clic pour confirmer")
            .Replace("Pour recevoir les lettres suivantes, confirmez votre adresse :", "Encore un geste pour recevoir :");

        var saved = await admin.PutAsJsonAsync("/api/admin/mail-templates/fr/confirmation", new { source });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.True((await saved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("edited").GetBoolean());
        Assert.Contains("Encore un geste pour recevoir", await admin.GetStringAsync("/api/admin/mail-templates/fr/confirmation/preview"));

        var email = $"edited-{Guid.NewGuid():N}@example.org";
        (await host.CreateClient().SignUpAsync(email, "newsletter")).EnsureSuccessStatusCode();
        var mail = (await host.ReadOutboxAsync(email)).Last();
        Assert.Equal("Un clic pour confirmer", mail.Subject);
        Assert.Contains("Encore un geste pour recevoir", mail.HtmlBody);
        var confirmed = await host.CreateClient().GetAsync(SubscriptionClient.LinkIn(mail, "/api/subscriptions/confirm"));
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
    }

    [Theory]
    [InlineData("{% capture subject %}Bonjour{% endcapture %}\n<tr><td>\n{% if lists %}</td></tr>", "Line")]
    [InlineData("<tr><td>Pas d'objet</td></tr>", "subject")]
    [InlineData("{% capture subject %}Bonjour{% endcapture %}{% include 'secrets' %}", "include")]
    [InlineData("", "source is required")]
    public async Task A_template_that_does_not_parse_or_render_gets_a_400_and_changes_nothing(string source, string reason)
    {
        using var admin = host.CreateAdminClient();

        var refused = await admin.PutAsJsonAsync("/api/admin/mail-templates/en/welcome", new { source });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains(reason, await refused.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        var kept = await admin.GetFromJsonAsync<JsonElement>("/api/admin/mail-templates/en/welcome");
        Assert.Equal(ShippedMailTemplates.Find("en", "welcome"), kept.GetProperty("source").GetString());
    }

    [Fact]
    public async Task A_syntax_error_comes_back_with_its_line_and_column_and_restoring_brings_back_the_shipped_file()
    {
        using var admin = host.CreateAdminClient();
        var broken = "{% capture subject %}Bienvenue{% endcapture %}\n<tr><td>Bonjour</td></tr>\n<tr><td>{% if lists %}</td></tr>\n";
        var refused = await admin.PutAsJsonAsync("/api/admin/mail-templates/fr/welcome", new { source = broken });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("line").GetInt32() >= 3, problem.ToString());
        Assert.True(problem.GetProperty("column").GetInt32() > 0, problem.ToString());

        var edited = ShippedMailTemplates.Find("fr", "welcome")!.Replace("Bienvenue", "Bienvenue parmi nous", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/admin/mail-templates/fr/welcome", new { source = edited })).StatusCode);
        Assert.True((await admin.GetFromJsonAsync<JsonElement>("/api/admin/mail-templates/fr/welcome")).GetProperty("edited").GetBoolean());

        var restored = await admin.PostAsync("/api/admin/mail-templates/fr/welcome/restore", null);
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        var now = await admin.GetFromJsonAsync<JsonElement>("/api/admin/mail-templates/fr/welcome");
        Assert.Equal(ShippedMailTemplates.Find("fr", "welcome"), now.GetProperty("source").GetString());
        Assert.False(now.GetProperty("edited").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/admin/mail-templates/fr/nothing/restore", null)).StatusCode);
    }

    [Fact]
    public async Task Unknown_templates_are_404_and_an_unreadable_body_is_400()
    {
        using var admin = host.CreateAdminClient();

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/admin/mail-templates/de/welcome")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/admin/mail-templates/fr/..%2Flayout")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsJsonAsync("/api/admin/mail-templates/fr/nope", new { source = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsync("/api/admin/mail-templates/fr/welcome", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.CreateClient().GetAsync("/api/admin/mail-templates")).StatusCode);
    }
}
