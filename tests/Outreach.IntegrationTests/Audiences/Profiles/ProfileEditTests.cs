using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Outreach.Core.Subscriptions;
using Outreach.IntegrationTests.Infrastructure;

namespace Outreach.IntegrationTests.Audiences.Profiles;

/// <summary>Privacy officers and admins edit a profile: checked first, written on the contact and each membership, on the audit log by peppered key.</summary>
public class ProfileEditTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    [Fact]
    public async Task A_privacy_officer_edits_a_profile_and_the_contact_its_memberships_and_segments_see_the_change()
    {
        var admin = host.CreateAdminClient();
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/admin/custom-fields", new { id = "adhesion", label = "Date d'adhésion", type = "date" })).StatusCode);
        var audience = await host.NewAudienceAsync("edit");
        await admin.ImportNowAsync(audience, Encoding.UTF8.GetBytes("email,prénom,organisation\nmaelle@example.org,Maëlle,Ancien nom\n"));
        var privacy = await host.SignedInClientAsync("dpo@example.org", "privacy");

        var edited = await privacy.PutAsJsonAsync("/api/admin/subscribers/maelle%40example.org/profile", new
        {
            lastName = "Le Goff", organisation = "", structureType = "Collectivité", tags = new[] { "Partenaire 2026" }, fields = new Dictionary<string, string> { ["adhesion"] = "31/03/2026" },
        });

        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var export = await admin.ExportPersonAsync("maelle@example.org");
        Assert.Equal("Maëlle", export.GetProperty("profile").GetProperty("firstName").GetString());
        Assert.Equal(("Le Goff", null, "collectivite"), (export.ProfileValue("lastName"), export.ProfileValue("organisation"), export.ProfileValue("structureType")));
        Assert.Equal("2026-03-31", export.GetProperty("profile").GetProperty("details").GetProperty("fields").GetProperty("adhesion").GetString());
        var member = export.GetProperty("memberships").EnumerateArray().Single().GetProperty("details");
        Assert.Equal(("collectivite", "partenaire-2026"), (member.GetProperty("structureType").GetString(), member.GetProperty("tags")[0].GetString()));
        var segment = await admin.PostAsJsonAsync("/api/admin/segments", new { name = "Collectivités partenaires", audience, where = new { structureType = new[] { "collectivite" }, tags = new[] { "partenaire-2026" } } });
        var id = (await segment.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        Assert.Equal(1, (await admin.GetFromJsonAsync<JsonElement>($"/api/admin/segments/{id}/count")).GetProperty("count").GetInt32());

        Assert.True(EmailAddress.TryParse("maelle@example.org", out var address));
        var key = host.Services.GetRequiredService<SuppressionKeys>().Of(address);
        var log = await admin.GetFromJsonAsync<JsonElement>("/api/admin/audit?action=AdminEditProfile&target=subscribers/maelle%40example.org");
        var entry = log.GetProperty("items").EnumerateArray().Single();
        Assert.Equal(("dpo@example.org", $"subscribers/{key}/profile", "succeeded"), (entry.GetProperty("actor").GetString(), entry.GetProperty("target").GetString(), entry.GetProperty("outcome").GetString()));
    }

    [Theory]
    [InlineData("""{"structureType":"ministère"}""", "structureType")]
    [InlineData("""{"lastName":"<b>x</b>"}""", "lastName")]
    [InlineData("""{"language":"de"}""", "language")]
    [InlineData("""{"tags":["ok","pas un tag !"]}""", "tags")]
    [InlineData("""{"fields":{"inconnu":"1"}}""", "fields.inconnu")]
    [InlineData("""{"lastName":"Nouveau","fields":{"adhesion2":"demain"}}""", "fields.adhesion2")]
    public async Task An_edit_with_one_bad_value_is_refused_and_writes_nothing(string body, string error)
    {
        var admin = host.CreateAdminClient();
        await admin.PostAsJsonAsync("/api/admin/custom-fields", new { id = "adhesion2", label = "Adhésion", type = "date" });
        var email = $"bad-{Guid.NewGuid().ToString("N")[..8]}@example.org";
        await admin.ImportNowAsync(await host.NewAudienceAsync("bad"), Encoding.UTF8.GetBytes($"email,nom\n{email},Ancien\n"));

        var response = await admin.PutAsync($"/api/admin/subscribers/{Uri.EscapeDataString(email)}/profile", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(error, out _), await response.Content.ReadAsStringAsync());
        var export = await admin.ExportPersonAsync(email);
        Assert.Equal(("Ancien", null), (export.ProfileValue("lastName"), export.ProfileValue("structureType")));
    }

    [Fact]
    public async Task The_edit_takes_the_address_in_the_body_too_and_is_refused_to_editors_and_for_unknown_addresses()
    {
        var admin = host.CreateAdminClient();
        await admin.ImportNowAsync(await host.NewAudienceAsync("body"), Encoding.UTF8.GetBytes("email\nbody-edit@example.org\n"));

        var byBody = await admin.PostAsJsonAsync("/api/admin/subscribers/profile", new { email = "body-edit@example.org", firstName = "Noé", language = "en" });
        var editor = await host.SignedInClientAsync("editor@example.org", "editor");

        Assert.Equal(HttpStatusCode.OK, byBody.StatusCode);
        var export = await admin.ExportPersonAsync("body-edit@example.org");
        Assert.Equal(("Noé", "en"), (export.GetProperty("profile").GetProperty("firstName").GetString(), export.GetProperty("profile").GetProperty("language").GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.PutAsJsonAsync("/api/admin/subscribers/body-edit%40example.org/profile", new { lastName = "X" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsJsonAsync("/api/admin/subscribers/nobody%40example.org/profile", new { lastName = "X" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("/api/admin/subscribers/profile", new { email = "not an address", lastName = "X" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsync("/api/admin/subscribers/body-edit%40example.org/profile", new StringContent("[", Encoding.UTF8, "application/json"))).StatusCode);
    }
}
