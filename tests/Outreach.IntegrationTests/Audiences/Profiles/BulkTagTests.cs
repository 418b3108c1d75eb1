using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Outreach.IntegrationTests.Infrastructure;

namespace Outreach.IntegrationTests.Audiences.Profiles;

/// <summary>Tags added and removed in bulk, by a selection (JSON) or a CSV of addresses; segments see them at once.</summary>
public class BulkTagTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    [Fact]
    public async Task Tags_added_to_a_selection_reach_the_contacts_their_memberships_and_a_segment_and_the_report_names_the_others()
    {
        var admin = host.CreateAdminClient();
        var audience = await host.NewAudienceAsync("tags");
        var people = Enumerable.Range(0, 250).Select(i => $"tag{i:D3}@example.org").ToList();
        await admin.ImportNowAsync(audience, Encoding.UTF8.GetBytes("email,tags\n" + string.Join('\n', people.Select((p, i) => i == 0 ? p + ",intervenant" : p)) + "\n"));
        var selection = people.Where((_, i) => i % 2 == 0).Append("inconnu@example.org").Append("pas-une-adresse").ToList();
        var privacy = await host.SignedInClientAsync("dpo@example.org", "privacy");

        var added = await privacy.PostAsJsonAsync("/api/admin/tags/add", new { tags = new[] { "Partenaire 2026" }, emails = selection });

        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var report = await added.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((125, 0, 1, 1), (report.GetProperty("changed").GetInt32(), report.GetProperty("unchanged").GetInt32(), report.GetProperty("unknown").GetInt32(), report.GetProperty("invalid").GetInt32()));
        Assert.Equal(["inconnu@example.org", "pas-une-adresse"], report.GetProperty("notChanged").EnumerateArray().Select(l => l.GetProperty("email").GetString()));
        var first = await admin.ExportPersonAsync("tag000@example.org");
        Assert.Equal(["intervenant", "partenaire-2026"], first.GetProperty("profile").GetProperty("details").GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(2, first.GetProperty("memberships")[0].GetProperty("details").GetProperty("tags").GetArrayLength());
        Assert.False((await admin.ExportPersonAsync("tag001@example.org")).GetProperty("profile").GetProperty("details").TryGetProperty("tags", out var none) && none.GetArrayLength() > 0);
        Assert.Equal(125, await SegmentCountAsync(admin, audience, "partenaire-2026"));

        var again = await (await privacy.PostAsJsonAsync("/api/admin/tags/add", new { tags = new[] { "partenaire-2026" }, emails = selection })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((0, 125), (again.GetProperty("changed").GetInt32(), again.GetProperty("unchanged").GetInt32()));
    }

    [Fact]
    public async Task Tags_are_removed_by_a_French_CSV_or_a_plain_list_of_addresses()
    {
        var admin = host.CreateAdminClient();
        var audience = await host.NewAudienceAsync("untag");
        await admin.ImportNowAsync(audience, Encoding.UTF8.GetBytes("email,tags\nana@example.org,\"a,b\"\nbea@example.org,\"a,b\"\ncyd@example.org,\"a,b\"\n"));

        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var csv = Encoding.GetEncoding(1252).GetBytes("Adresse e-mail;Prénom\r\nana@example.org;Ana\r\nbea@example.org;Béa\r\n");
        var removed = await admin.PostAsync("/api/admin/tags/remove?tags=a", ImportClient.Csv(csv));
        var plain = await admin.PostAsync("/api/admin/tags/remove?tags=b", ImportClient.Csv(Encoding.UTF8.GetBytes("cyd@example.org\nana@example.org\n")));

        Assert.Equal(2, (await removed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("changed").GetInt32());
        Assert.Equal(2, (await plain.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("changed").GetInt32());
        Assert.Equal((1, 1), (await SegmentCountAsync(admin, audience, "a"), await SegmentCountAsync(admin, audience, "b")));
        Assert.Equal(["b"], (await admin.ExportPersonAsync("bea@example.org")).GetProperty("profile").GetProperty("details").GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
    }

    [Theory]
    [InlineData("application/json", """{"tags":["<x>"],"emails":["a@example.org"]}""", "tags")]
    [InlineData("application/json", """{"tags":[],"emails":["a@example.org"]}""", "tags")]
    [InlineData("application/json", """{"tags":["ok"],"emails":[]}""", "emails")]
    [InlineData("text/csv", "Nom;Prénom\nDupont;Jean\n", "csv")]
    public async Task A_change_that_cannot_be_made_is_refused_before_anything_is_written(string type, string body, string error)
    {
        var response = await host.CreateAdminClient().PostAsync("/api/admin/tags/add?tags=ok", new StringContent(body, Encoding.UTF8, type));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(error, out _), await response.Content.ReadAsStringAsync());
    }

    private static async Task<int> SegmentCountAsync(HttpClient admin, string audience, string tag)
    {
        var created = await admin.PostAsJsonAsync("/api/admin/segments", new { name = "tag " + tag, audience, where = new { tags = new[] { tag } } });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        return (await admin.GetFromJsonAsync<JsonElement>($"/api/admin/segments/{id}/count")).GetProperty("count").GetInt32();
    }
}
