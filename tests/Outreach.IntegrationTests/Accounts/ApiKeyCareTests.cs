using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Outreach.Core.Accounts;
using Outreach.IntegrationTests.Infrastructure;

namespace Outreach.IntegrationTests.Accounts;

/// <summary>What an admin needs to look after keys: which are used, which expire soon, and what was done to a subscriber.</summary>
public sealed class ApiKeyCareTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    [Fact]
    public async Task The_key_list_shows_each_keys_state_its_last_use_and_the_keys_that_expire_soon()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var now = DateTimeOffset.UtcNow;
        var used = await host.CreateApiKeyAsync($"used-{suffix}", Roles.Editor);
        await host.CreateApiKeyAsync($"soon-{suffix}", Roles.Editor, now.AddDays(3));
        await host.CreateApiKeyAsync($"later-{suffix}", Roles.Editor, now.AddDays(60));
        var revoked = await host.CreateApiKeyAsync($"revoked-{suffix}", Roles.Editor);

        using (var script = host.CreateKeyClient(used))
            Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("/api/admin/audiences")).StatusCode);
        using var admin = host.CreateAdminClient();
        var revokedId = (await KeysAsync(admin)).Single(k => k.GetProperty("name").GetString() == $"revoked-{suffix}").GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/admin/keys/{revokedId}")).StatusCode);
        using (var script = host.CreateKeyClient(revoked))
            Assert.Equal(HttpStatusCode.Unauthorized, (await script.GetAsync("/api/admin/audiences")).StatusCode);

        var keys = (await KeysAsync(admin)).Where(k => k.GetProperty("name").GetString()!.EndsWith(suffix, StringComparison.Ordinal))
            .ToDictionary(k => k.GetProperty("name").GetString()![..^(suffix.Length + 1)]);
        Assert.Equal(("active", false), State(keys["used"]));
        Assert.Equal(("active", true), State(keys["soon"]));
        Assert.Equal(("active", false), State(keys["later"]));
        Assert.Equal(("revoked", false), State(keys["revoked"]));
        Assert.True(LastUsed(keys["used"]) >= keys["used"].GetProperty("createdAt").GetDateTimeOffset());
        Assert.Null(LastUsed(keys["later"])); // never used
        Assert.Null(LastUsed(keys["revoked"])); // a refused use is no use
    }

    [Fact]
    public async Task Searching_the_audit_log_by_a_subscribers_address_finds_what_was_done_to_them_without_the_log_holding_it()
    {
        var email = $"Jeanne.{Guid.NewGuid():N}@Example.org";
        using var admin = host.CreateAdminClient();
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/admin/subscribers/{Uri.EscapeDataString(email)}")).StatusCode);
        using var erase = await admin.DeleteAsync($"/api/admin/subscribers/{Uri.EscapeDataString(email)}");
        Assert.Contains(erase.StatusCode, new[] { HttpStatusCode.NoContent, HttpStatusCode.NotFound });

        var found = (await admin.GetFromJsonAsync<JsonElement>($"/api/admin/audit?target={Uri.EscapeDataString("subscribers/" + email)}"))
            .GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["AdminEraseSubscriber", "AdminGetSubscriber"], found.Select(e => e.GetProperty("action").GetString()));
        Assert.All(found, e => Assert.DoesNotContain("@", e.GetProperty("target").GetString(), StringComparison.Ordinal));
    }

    private static async Task<List<JsonElement>> KeysAsync(HttpClient admin) =>
        (await admin.GetFromJsonAsync<JsonElement>("/api/admin/keys")).EnumerateArray().ToList();

    private static DateTimeOffset? LastUsed(JsonElement key) =>
        key.TryGetProperty("lastUsedAt", out var at) && at.ValueKind == JsonValueKind.String ? at.GetDateTimeOffset() : null;

    private static (string?, bool) State(JsonElement key) => (key.GetProperty("state").GetString(), key.GetProperty("expiresSoon").GetBoolean());
}
