using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Outreach.IntegrationTests.Infrastructure;

namespace Outreach.IntegrationTests.Audiences.Profiles;

/// <summary>The team chooses the profile fields the sign-up form asks; a type de structure pre-selects its hebdo; an existing contact never changes.</summary>
public class SignupFormTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    [Fact]
    public async Task The_form_asks_the_fields_the_team_chose_and_a_new_contact_keeps_what_it_was_given()
    {
        await ChooseFieldsAsync();

        var page = await host.CreateClient().GetStringAsync("/api/signup");
        Assert.Contains("name=\"organisation\"", page);
        Assert.Contains("name=\"structureType\"", page);
        Assert.Contains("name=\"fields.secteur\"", page);
        Assert.DoesNotContain("name=\"lastName\"", page);
        Assert.Contains("Culture", page);

        var client = host.CreateClient(new() { AllowAutoRedirect = false });
        var posted = await client.PostAsync("/api/subscriptions", new FormUrlEncodedContent(
        [
            new("email", "lea@example.org"), new("audiences", "hebdo-associations"), new("consent", "on"), new("organisation", "Les Jardins Partagés"),
            new("structureType", "association"), new("fields.secteur", "culture"), new("lastName", "Pas demandé"),
        ]));
        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        await host.DrainQueuesAsync();

        var lea = await host.CreateAdminClient().ExportPersonAsync("lea@example.org");
        Assert.Equal(("Les Jardins Partagés", "association", null), (lea.ProfileValue("organisation"), lea.ProfileValue("structureType"), lea.ProfileValue("lastName")));
        Assert.Equal("culture", lea.GetProperty("profile").GetProperty("details").GetProperty("fields").GetProperty("secteur").GetString());
        Assert.Equal("association", lea.GetProperty("memberships")[0].GetProperty("details").GetProperty("structureType").GetString());
    }

    [Fact]
    public async Task A_type_de_structure_in_the_link_chooses_that_type_and_pre_selects_its_hebdo()
    {
        await ChooseFieldsAsync();

        var page = await host.CreateClient().GetStringAsync("/api/signup?structureType=fondation&lang=en");

        Assert.Matches("value=\"hebdo-entreprises\" id=\"aud-hebdo-entreprises\" checked", page);
        Assert.DoesNotMatch("value=\"hebdo-associations\" id=\"aud-hebdo-associations\" checked", page);
        Assert.Matches("<option value=\"fondation\" selected[^>]*>Foundation</option>", page);
    }

    [Fact]
    public async Task A_bad_value_is_refused_and_a_known_contact_is_not_changed_by_a_sign_up()
    {
        await ChooseFieldsAsync();
        var client = host.CreateClient(new() { AllowAutoRedirect = false });
        await client.PostAsJsonAsync("/api/subscriptions", new { email = "known@example.org", audiences = new[] { "newsletter" }, consent = true, organisation = "Première" });
        await host.DrainQueuesAsync();

        var bad = await client.PostAsJsonAsync("/api/subscriptions", new { email = "x@example.org", audiences = new[] { "newsletter" }, consent = true, structureType = "ministère" });
        var badForm = await client.PostAsync("/api/subscriptions", new FormUrlEncodedContent(
            [new("email", "y@example.org"), new("audiences", "newsletter"), new("consent", "on"), new("fields.secteur", "pêche")]));
        await client.PostAsJsonAsync("/api/subscriptions", new { email = "known@example.org", audiences = new[] { "hebdo-associations" }, consent = true, organisation = "Usurpée" });
        await host.DrainQueuesAsync();

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("structureType", out _));
        Assert.Equal(HttpStatusCode.BadRequest, badForm.StatusCode);
        Assert.Contains("Merci de corriger", await badForm.Content.ReadAsStringAsync());
        Assert.Equal("Première", (await host.CreateAdminClient().ExportPersonAsync("known@example.org")).ProfileValue("organisation"));
    }

    [Fact]
    public async Task Only_an_admin_chooses_and_only_fields_that_exist()
    {
        var admin = host.CreateAdminClient();
        var editor = await host.SignedInClientAsync("editor@example.org", "editor");

        var unknown = await admin.PutAsJsonAsync("/api/admin/signup-form", new { fields = new[] { "organisation", "pointure" } });
        var badAudience = await admin.PutAsJsonAsync("/api/admin/signup-form", new { fields = new[] { "organisation" }, audienceByStructureType = new { association = "nope" } });

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.True((await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("fields", out _));
        Assert.Equal(HttpStatusCode.BadRequest, badAudience.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.PutAsJsonAsync("/api/admin/signup-form", new { fields = new[] { "organisation" } })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await editor.GetAsync("/api/admin/signup-form")).StatusCode);
    }

    private async Task ChooseFieldsAsync()
    {
        var admin = host.CreateAdminClient();
        await admin.PostAsJsonAsync("/api/admin/custom-fields", new { id = "secteur", label = "Secteur", type = "choice", options = new[] { new { label = "Culture" }, new { label = "Sport" } } });
        var chosen = await admin.PutAsJsonAsync("/api/admin/signup-form", new { fields = new[] { "organisation", "structureType", "secteur" } });
        Assert.Equal(HttpStatusCode.OK, chosen.StatusCode);
    }
}
