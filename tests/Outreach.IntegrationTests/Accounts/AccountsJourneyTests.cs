using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Outreach.Core.Accounts;
using Outreach.Core.Subscriptions;
using Outreach.IntegrationTests.Infrastructure;

namespace Outreach.IntegrationTests.Accounts;

/// <summary>The acceptance path on the DevHost: people with roles, named keys, and the audit log that records it all.</summary>
public sealed class AccountsJourneyTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    private static object Draft => new
    {
        subject = "Les alliances de l'hiver",
        editorial = "Un édito.",
        sections = new[] { new { title = "Une section", body = "Son texte." } },
        audiences = new[] { "newsletter" },
    };

    [Fact]
    public async Task An_editor_drafts_but_cannot_schedule_a_publisher_schedules_and_the_audit_log_shows_all_three_newest_first()
    {
        var editorEmail = $"editor-{Guid.NewGuid():N}@example.org";
        using var editor = await host.SignedInClientAsync(editorEmail, Roles.Editor);
        using var publisher = await host.SignedInClientAsync("publisher@example.org", Roles.Publisher);

        using var drafted = await editor.PostAsJsonAsync("/api/admin/newsletters", Draft);
        Assert.Equal(HttpStatusCode.Created, drafted.StatusCode);
        var id = (await drafted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        using var refused = await editor.PostAsJsonAsync($"/api/admin/newsletters/{id}/schedule", new { now = true });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("publisher", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString(), StringComparison.Ordinal);

        using var scheduled = await publisher.PostAsJsonAsync($"/api/admin/newsletters/{id}/schedule", new { sendAt = "2030-12-03T09:00", timeZone = "Europe/Paris" });
        Assert.Equal(HttpStatusCode.Accepted, scheduled.StatusCode);

        using var admin = host.CreateAdminClient();
        var items = (await admin.GetFromJsonAsync<JsonElement>($"/api/admin/audit?target=newsletters/{id}")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(3, items.Count);
        AssertEntry(items[0], "publisher@example.org", "publisher", "AdminScheduleNewsletter", $"newsletters/{id}/schedule", "succeeded", 202);
        AssertEntry(items[1], editorEmail, "editor", "AdminScheduleNewsletter", $"newsletters/{id}/schedule", "refused", 403);
        AssertEntry(items[2], editorEmail, "editor", "AdminCreateNewsletter", $"newsletters/{id}", "succeeded", 201);

        var byActor = (await admin.GetFromJsonAsync<JsonElement>($"/api/admin/audit?actor={Uri.EscapeDataString(editorEmail)}")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, byActor.Count);
        var byAction = (await admin.GetFromJsonAsync<JsonElement>($"/api/admin/audit?action=AdminScheduleNewsletter&target=newsletters/{id}")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, byAction.Count);
    }

    [Fact]
    public async Task A_privacy_key_exports_a_subscriber_but_cannot_schedule_and_once_revoked_gets_401()
    {
        var email = $"marie-{Guid.NewGuid():N}@example.org";
        using var anonymous = host.CreateClient();
        Assert.Equal(HttpStatusCode.Accepted, (await anonymous.PostAsJsonAsync("/api/subscriptions", new { email, firstName = "Marie", audiences = new[] { "newsletter" }, consent = true })).StatusCode);
        await host.DrainQueuesAsync(); // the sign-up is queued; processing it writes the subscriber

        using var admin = host.CreateAdminClient();
        using var created = await admin.PostAsJsonAsync("/api/admin/keys", new { name = "dpo-export", role = "privacy" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var keyId = body.GetProperty("id").GetString()!;
        var key = body.GetProperty("key").GetString()!;
        using var script = host.CreateKeyClient(key);

        using var export = await script.GetAsync($"/api/admin/subscribers/{Uri.EscapeDataString(email)}");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal(email, (await export.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("email").GetString());
        using var byQuery = await host.CreateClient().GetAsync($"/api/admin/subscribers/{Uri.EscapeDataString(email)}?code={key}");
        Assert.Equal(HttpStatusCode.OK, byQuery.StatusCode);

        using var schedule = await script.PostAsJsonAsync("/api/admin/newsletters/2026-10-economie-de-l-alliance/schedule", new { now = true });
        Assert.Equal(HttpStatusCode.Forbidden, schedule.StatusCode);

        var listed = (await admin.GetFromJsonAsync<JsonElement>("/api/admin/keys")).EnumerateArray().Single(k => k.GetProperty("id").GetString() == keyId);
        Assert.Equal("dpo-export", listed.GetProperty("name").GetString());
        Assert.False(listed.TryGetProperty("key", out _));

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/admin/keys/{keyId}")).StatusCode);
        using var revoked = await script.GetAsync($"/api/admin/subscribers/{Uri.EscapeDataString(email)}");
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);

        // The export is on record under the key's name, with the peppered key as target: never the address, nor its
        // unpeppered hash (the contact key), which a dictionary of addresses would match.
        var entries = (await admin.GetFromJsonAsync<JsonElement>("/api/admin/audit?actor=dpo-export")).GetProperty("items").EnumerateArray().ToList();
        Assert.True(EmailAddress.TryParse(email, out var address));
        var peppered = host.Services.GetRequiredService<SuppressionKeys>().Of(address);
        Assert.NotEqual(address.Key, peppered);
        Assert.Contains(entries, e => e.GetProperty("action").GetString() == "AdminGetSubscriber" && e.GetProperty("actorKind").GetString() == "key"
            && e.GetProperty("role").GetString() == "privacy" && e.GetProperty("target").GetString() == $"subscribers/{peppered}");
        Assert.Contains(entries, e => e.GetProperty("action").GetString() == "AdminScheduleNewsletter" && e.GetProperty("outcome").GetString() == "refused");
        await AssertAuditTableDoesNotContainAsync(email);
    }

    [Fact]
    public async Task An_expired_key_or_a_made_up_key_gets_401_and_keys_need_a_name_and_a_known_role()
    {
        using var admin = host.CreateAdminClient();
        using var invalid = await admin.PostAsJsonAsync("/api/admin/keys", new { name = "", role = "owner", expiresAt = "2001-01-01T00:00:00Z" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _) && errors.TryGetProperty("role", out _) && errors.TryGetProperty("expiresAt", out _));

        using var madeUp = host.CreateKeyClient("outreach_0123456789abcdef_" + new string('0', 64));
        Assert.Equal(HttpStatusCode.Unauthorized, (await madeUp.GetAsync("/api/admin/audiences")).StatusCode);
    }

    [Fact]
    public async Task Signed_in_without_any_role_every_admin_route_is_forbidden_not_unauthorized()
    {
        using var nobody = await host.SignedInClientAsync("visitor@example.org");
        using var response = await nobody.GetAsync("/api/admin/audiences");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private static void AssertEntry(JsonElement entry, string actor, string role, string action, string target, string outcome, int status)
    {
        Assert.Equal(actor, entry.GetProperty("actor").GetString());
        Assert.Equal(role, entry.GetProperty("role").GetString());
        Assert.Equal(action, entry.GetProperty("action").GetString());
        Assert.Equal(target, entry.GetProperty("target").GetString());
        Assert.Equal(outcome, entry.GetProperty("outcome").GetString());
        Assert.Equal(status, entry.GetProperty("status").GetInt32());
    }

    private async Task AssertAuditTableDoesNotContainAsync(string text)
    {
        var table = new TableClient(SharedAzurite.ConnectionString, host.NamePrefix + "auditlog");
        await foreach (var entity in table.QueryAsync<TableEntity>())
        {
            Assert.DoesNotContain(entity, pair => pair.Value?.ToString()?.Contains(text, StringComparison.OrdinalIgnoreCase) == true);
        }
    }
}
