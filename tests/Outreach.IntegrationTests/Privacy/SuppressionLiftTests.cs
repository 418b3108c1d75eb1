using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Outreach.Core.Subscriptions;
using Outreach.IntegrationTests.Audiences;
using Outreach.IntegrationTests.Infrastructure;
using Outreach.IntegrationTests.Subscriptions;

namespace Outreach.IntegrationTests.Privacy;

/// <summary>A privacy officer lifts a suppression (on record), and every GDPR route also takes the address in its body.</summary>
public sealed class SuppressionLiftTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    [Fact]
    public async Task A_lifted_suppression_lets_the_address_be_imported_again_and_the_lift_is_in_the_audit_log_by_peppered_key()
    {
        var email = $"lifted-{Guid.NewGuid().ToString("N")[..8]}@example.org";
        var privacy = await host.SignedInClientAsync("dpo@example.org", "privacy");
        var audience = await host.NewAudienceAsync();
        await privacy.ImportNowAsync(audience, Encoding.UTF8.GetBytes($"email\n{email}\n"));
        Assert.Equal(HttpStatusCode.NoContent, (await privacy.DeleteAsync($"/api/admin/subscribers/{Uri.EscapeDataString(email)}")).StatusCode);
        var editor = await host.SignedInClientAsync("editor@example.org", "editor");
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.DeleteAsync($"/api/admin/suppressions/{Uri.EscapeDataString(email)}")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await privacy.DeleteAsync($"/api/admin/suppressions/{Uri.EscapeDataString(email)}")).StatusCode);
        using var again = await privacy.DeleteAsync($"/api/admin/suppressions/{Uri.EscapeDataString(email)}");

        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        var report = await privacy.ImportNowAsync(audience, Encoding.UTF8.GetBytes($"email\n{email}\n"));
        Assert.Equal(1, report.GetProperty("added").GetInt32());
        Assert.True(EmailAddress.TryParse(email, out var address));
        var key = host.Services.GetRequiredService<SuppressionKeys>().Of(address);
        var log = await host.CreateAdminClient().GetFromJsonAsync<JsonElement>($"/api/admin/audit?action=AdminLiftSuppression&target=suppressions/{Uri.EscapeDataString(email)}");
        var entries = log.GetProperty("items").EnumerateArray().ToList();
        Assert.All(entries, e => Assert.Equal($"suppressions/{key}", e.GetProperty("target").GetString()));
        Assert.Equal([("dpo@example.org", "rejected"), ("dpo@example.org", "succeeded"), ("editor@example.org", "refused")],
            entries.Select(e => (e.GetProperty("actor").GetString(), e.GetProperty("outcome").GetString())));
    }

    [Fact]
    public async Task The_GDPR_routes_take_the_address_in_the_body_so_it_stays_out_of_urls_and_the_audit_log_still_names_the_person()
    {
        var email = $"body-{Guid.NewGuid().ToString("N")[..8]}@example.org";
        var admin = host.CreateAdminClient();
        var audience = await host.NewAudienceAsync();
        await admin.ImportNowAsync(audience, Encoding.UTF8.GetBytes($"email,firstName\n{email},Odile\n"));

        var export = await admin.PostAsJsonAsync("/api/admin/subscribers/export", new { email });
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var held = await export.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Odile", held.GetProperty("profile").GetProperty("firstName").GetString());
        Assert.Contains(held.GetProperty("heldIn").EnumerateArray(), h => h.GetProperty("name").GetString() == "members" && h.GetProperty("count").GetInt32() == 1);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("/api/admin/subscribers/erase", new { email = "not an address" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync("/api/admin/subscribers/erase", new StringContent("{", Encoding.UTF8, "application/json"))).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsJsonAsync("/api/admin/subscribers/erase", new { email })).StatusCode);
        Assert.Equal("erased", (await (await admin.PostAsJsonAsync("/api/admin/subscribers/export", new { email })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("suppressed").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsJsonAsync("/api/admin/suppressions/lift", new { email })).StatusCode);
        var lifted = await (await admin.PostAsJsonAsync("/api/admin/subscribers/export", new { email })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(lifted.TryGetProperty("suppressed", out var reason) && reason.ValueKind == JsonValueKind.String);
        Assert.Equal(["auditlog"], lifted.GetProperty("heldIn").EnumerateArray().Select(h => h.GetProperty("name").GetString())); // by peppered key

        Assert.True(EmailAddress.TryParse(email, out var address));
        var key = host.Services.GetRequiredService<SuppressionKeys>().Of(address);
        var log = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/audit?target=subscribers/{Uri.EscapeDataString(email)}");
        var targets = log.GetProperty("items").EnumerateArray().Select(e => (e.GetProperty("action").GetString(), e.GetProperty("target").GetString())).ToList();
        Assert.Contains(("AdminEraseSubscriberByBody", $"subscribers/{key}/erase"), targets);
        Assert.Contains(("AdminExportSubscriber", $"subscribers/{key}/export"), targets);
    }
}
