using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Outreach.Core.Subscriptions;
using Outreach.IntegrationTests.Infrastructure;
using Outreach.IntegrationTests.Subscriptions;

namespace Outreach.IntegrationTests.Audiences;

/// <summary>The synchronous import takes the files people have.</summary>
public class ImportTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    [Theory]
    [InlineData("excel-fr-windows-1252.csv", "windows-1252")]
    [InlineData("excel-fr-utf8-bom.csv", "utf-8-bom")]
    public async Task A_file_saved_by_Excel_in_French_imports_with_its_accents(string file, string encoding)
    {
        var admin = host.CreateAdminClient();
        var audience = await host.NewAudienceAsync("excel");

        var report = await admin.ImportNowAsync(audience, ImportClient.File(file));

        Assert.Equal((encoding, ";", 5, 0), (report.GetProperty("encoding").GetString(), report.GetProperty("delimiter").GetString(),
            report.GetProperty("added").GetInt32(), report.GetProperty("invalid").GetInt32()));
        var elodie = await admin.ExportPersonAsync("elodie.dupre@example.org");
        Assert.Equal("Élodie", elodie.GetProperty("profile").GetProperty("firstName").GetString());
        Assert.Equal(("Dupré", "Les Amis du Quartier", "association"), (elodie.ProfileValue("lastName"), elodie.ProfileValue("organisation"), elodie.ProfileValue("structureType")));
        var zoe = await admin.ExportPersonAsync("zoe.nael@example.org");
        Assert.Equal(("Naël", "Fondation Œuvre Commune", "fondation"), (zoe.ProfileValue("lastName"), zoe.ProfileValue("organisation"), zoe.ProfileValue("structureType")));
        Assert.Equal("collectivite", (await admin.ExportPersonAsync("gaetan.brule@example.org")).ProfileValue("structureType"));
        Assert.Equal(5, await host.CountAsync(audience, "confirmed"));
    }

    [Fact]
    public async Task A_Mailchimp_export_imports_and_its_tags_tag_the_people()
    {
        var admin = host.CreateAdminClient();
        var audience = await host.NewAudienceAsync("mc");

        var report = await admin.ImportNowAsync(audience, ImportClient.File("mailchimp-export.csv"));

        Assert.Equal(3, report.GetProperty("added").GetInt32());
        var ana = await admin.ExportPersonAsync("ana.lima@example.org");
        Assert.Equal("Lima", ana.ProfileValue("lastName"));
        Assert.Equal(["intervenant", "partenaire-2026"], ana.GetProperty("profile").GetProperty("details").GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        var member = ana.GetProperty("memberships").EnumerateArray().Single(m => m.GetProperty("audience").GetString() == audience);
        Assert.Equal(2, member.GetProperty("details").GetProperty("tags").GetArrayLength());
    }

    [Fact]
    public async Task An_unterminated_quote_reports_its_line_invalid_and_the_others_import()
    {
        var admin = host.CreateAdminClient();
        var audience = await host.NewAudienceAsync("quote");

        var report = await admin.ImportNowAsync(audience, ImportClient.File("unterminated-quote.csv"));

        Assert.Equal((2, 1), (report.GetProperty("added").GetInt32(), report.GetProperty("invalid").GetInt32()));
        var invalid = report.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("outcome").GetString() == "invalid");
        Assert.Equal(2, invalid.GetProperty("line").GetInt32());
        Assert.Contains("unterminated quote", invalid.GetProperty("reason").GetString());
        Assert.Equal("Dubois, née Roux", (await admin.ExportPersonAsync("claire.ok@example.org")).ProfileValue("lastName"));
        Assert.Equal(2, await host.CountAsync(audience, "confirmed"));
    }

    [Fact]
    public async Task Importing_the_same_file_again_changes_nothing_and_a_later_file_completes_profiles()
    {
        var admin = host.CreateAdminClient();
        var audience = await host.NewAudienceAsync("again");
        var file = Encoding.UTF8.GetBytes("email;prénom;tags\nre1@example.org;Rémi;intervenant\nre2@example.org;;\n");
        await admin.ImportNowAsync(audience, file);
        var before = await admin.ExportPersonAsync("re1@example.org");

        var again = await admin.ImportNowAsync(audience, file);
        Assert.Equal((0, 0, 2), (again.GetProperty("added").GetInt32(), again.GetProperty("updated").GetInt32(), again.GetProperty("skipped").GetInt32()));
        Assert.Equal(before.GetProperty("consents").GetArrayLength(), (await admin.ExportPersonAsync("re1@example.org")).GetProperty("consents").GetArrayLength());

        var later = await admin.ImportNowAsync(audience, Encoding.UTF8.GetBytes("email,prénom,organisation,tags\nre1@example.org,Other,Asso R,partenaire-2026\n"));
        Assert.Equal(1, later.GetProperty("updated").GetInt32());
        var re1 = await admin.ExportPersonAsync("re1@example.org");
        Assert.Equal("Rémi", re1.GetProperty("profile").GetProperty("firstName").GetString()); // completed, never overwritten
        Assert.Equal("Asso R", re1.ProfileValue("organisation"));
        Assert.Equal(["intervenant", "partenaire-2026"], re1.GetProperty("profile").GetProperty("details").GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task An_import_never_brings_back_an_unsubscribed_or_erased_address()
    {
        var admin = host.CreateAdminClient();
        var audience = await host.NewAudienceAsync("stick");
        await admin.ImportNowAsync(audience, Encoding.UTF8.GetBytes("email\nleft@example.org\nerased@example.org\n"));
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/admin/subscribers/erased%40example.org")).StatusCode);
        var store = host.Services.GetRequiredService<MembershipStore>();
        var left = await store.FindMemberAsync(audience, EmailAddress.KeyOf("left@example.org"));
        await store.SaveMemberAsync(left! with { Status = MemberStatus.Unsubscribed, UnsubscribedAt = DateTimeOffset.UtcNow });

        var report = await admin.ImportNowAsync(audience, Encoding.UTF8.GetBytes("email,organisation\nleft@example.org,X\nerased@example.org,Y\n"));

        Assert.Equal(["unsubscribed", "suppressed"], report.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("reason").GetString()));
        Assert.Equal(0, await host.CountAsync(audience, "confirmed"));
        Assert.Equal("erased", (await admin.ExportPersonAsync("erased@example.org")).GetProperty("suppressed").GetString());
    }

    [Theory]
    [InlineData("mapping=%7Bnot-json", "mapping")]
    [InlineData("mapping=%7B%22email%22%3A%22Courriel%22%7D", "mapping")]
    public async Task A_bad_mapping_is_refused_whole(string query, string field)
    {
        var response = await host.CreateAdminClient().PostAsync($"/api/admin/audiences/newsletter/import?{query}", ImportClient.Csv(Encoding.UTF8.GetBytes("email\nx@example.org\n")));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task An_explicit_mapping_imports_a_file_whose_headers_say_nothing()
    {
        var admin = host.CreateAdminClient();
        var audience = await host.NewAudienceAsync("map");
        var mapping = Uri.EscapeDataString("""{"email":"Col A","organisation":"Col B"}""");

        var report = await admin.ImportNowAsync(audience, Encoding.UTF8.GetBytes("Col A,Col B\nmapped@example.org,Structure M\n"), $"status=confirmed&source=t&mapping={mapping}");

        Assert.Equal(1, report.GetProperty("added").GetInt32());
        Assert.Equal("Structure M", (await admin.ExportPersonAsync("mapped@example.org")).ProfileValue("organisation"));
    }
}
