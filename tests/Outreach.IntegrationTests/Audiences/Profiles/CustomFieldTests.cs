using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Outreach.IntegrationTests.Infrastructure;

namespace Outreach.IntegrationTests.Audiences.Profiles;

/// <summary>The team defines custom fields through the admin API; imports and profile edits are checked against them.</summary>
public class CustomFieldTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    [Fact]
    public async Task A_choice_field_defined_by_an_admin_is_listed_read_from_an_import_and_checked_there()
    {
        var admin = host.CreateAdminClient();
        var created = await admin.PostAsJsonAsync("/api/admin/custom-fields", new
        {
            label = "Région", labelEn = "Region", type = "choice", options = new object[] { new { label = "Bretagne" }, new { id = "idf", label = "Île-de-France" } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var field = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("region", "bretagne"), (field.GetProperty("id").GetString(), field.GetProperty("options")[0].GetProperty("id").GetString()));
        var listed = await (await host.SignedInClientAsync("editor@example.org", "editor")).GetFromJsonAsync<JsonElement>("/api/admin/custom-fields");
        Assert.Contains(listed.EnumerateArray(), f => f.GetProperty("id").GetString() == "region" && f.GetProperty("type").GetString() == "choice");

        var audience = await host.NewAudienceAsync("fields");
        var report = await admin.ImportNowAsync(audience, Encoding.UTF8.GetBytes("email;Région\nyann@example.org;bretagne\nines@example.org;Île-de-France\nolaf@example.org;Laponie\n"));

        Assert.Equal((2, 1), (report.GetProperty("added").GetInt32(), report.GetProperty("invalid").GetInt32()));
        Assert.Contains("Laponie", report.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("outcome").GetString() == "invalid").GetProperty("reason").GetString());
        var ines = await admin.ExportPersonAsync("ines@example.org");
        Assert.Equal("idf", ines.GetProperty("profile").GetProperty("details").GetProperty("fields").GetProperty("region").GetString());
    }

    [Theory]
    [InlineData("""{"label":"Adhérent","type":"choice"}""", "options")]
    [InlineData("""{"label":"Adhérent","type":"number"}""", "type")]
    [InlineData("""{"label":"","type":"text"}""", "label")]
    [InlineData("""{"id":"Bad Id","label":"x","type":"text"}""", "id")]
    [InlineData("""{"id":"tags","label":"Tags","type":"text"}""", "id")]
    [InlineData("""{"label":"x","type":"yesno","options":[{"label":"a"}]}""", "options")]
    public async Task A_definition_that_cannot_be_kept_is_refused_field_by_field_and_not_kept(string body, string error)
    {
        var admin = host.CreateAdminClient();
        var response = await admin.PostAsync("/api/admin/custom-fields", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(error, out _), await response.Content.ReadAsStringAsync());
        var listed = await admin.GetFromJsonAsync<JsonElement>("/api/admin/custom-fields");
        Assert.DoesNotContain(listed.EnumerateArray(), f => f.GetProperty("label").GetString() is "Adhérent" or "x" or "Tags");
    }

    [Fact]
    public async Task A_field_is_created_once_deleted_by_an_admin_only_and_then_no_longer_read_from_imports()
    {
        var admin = host.CreateAdminClient();
        var field = new { id = "adherent", label = "Adhérent", type = "yesno" };
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/admin/custom-fields", field)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync("/api/admin/custom-fields", field)).StatusCode);
        var privacy = await host.SignedInClientAsync("dpo@example.org", "privacy");
        Assert.Equal(HttpStatusCode.Forbidden, (await privacy.PostAsJsonAsync("/api/admin/custom-fields", new { label = "Autre", type = "text" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await privacy.DeleteAsync("/api/admin/custom-fields/adherent")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/admin/custom-fields/adherent")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync("/api/admin/custom-fields/adherent")).StatusCode);

        var audience = await host.NewAudienceAsync("nofield");
        var report = await admin.ImportNowAsync(audience, Encoding.UTF8.GetBytes("email,Adhérent\nzelie@example.org,peut-être\n"));
        Assert.Equal((1, 0), (report.GetProperty("added").GetInt32(), report.GetProperty("invalid").GetInt32()));
        Assert.False((await admin.ExportPersonAsync("zelie@example.org")).GetProperty("profile").GetProperty("details").GetProperty("fields").TryGetProperty("adherent", out _));
    }
}
