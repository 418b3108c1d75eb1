using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Outreach.Core.Audiences.Imports;
using Outreach.Core.Subscriptions;
using Outreach.IntegrationTests.Infrastructure;
using Outreach.IntegrationTests.Subscriptions;

namespace Outreach.IntegrationTests.Audiences;

/// <summary>Imports as jobs: upload and preview, start, the queue writes the chunks, progress and the rejected lines.</summary>
public class ImportJobTests(DevHostFactory host) : IClassFixture<DevHostFactory>
{
    static ImportJobTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Three chunks (written in parallel), invalid lines and a duplicate; the 20,000-line run is the benchmark's (docs/audiences.md).</summary>
    [Fact]
    public async Task A_confirmed_import_of_several_chunks_completes_through_the_queue_with_a_correct_report()
    {
        const int Lines = 2_500;
        var admin = host.CreateAdminClient();
        var audience = await host.NewAudienceAsync("job");
        var (file, expectedInvalid) = FrenchFile(Lines, invalidEvery: 97, duplicateOf: 5);

        var (id, preview) = await admin.UploadImportAsync(audience, file);

        Assert.Equal((";", "windows-1252", Lines), (preview.GetProperty("delimiter").GetString(), preview.GetProperty("encoding").GetString(), preview.GetProperty("lines").GetInt32()));
        Assert.Equal(["Adresse e-mail", "Prénom", "Nom", "Organisation", "Type de structure"], preview.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("Adresse e-mail", preview.GetProperty("mapping").GetProperty("email").GetString());
        Assert.Equal("Hélène1", preview.GetProperty("rows")[0][1].GetString());
        Assert.Equal(5, preview.GetProperty("rows").GetArrayLength());
        Assert.Equal("previewed", (await admin.ImportProgressAsync(id)).GetProperty("state").GetString());
        Assert.Equal(0, await host.CountAsync(audience, "confirmed")); // nothing written before the start

        var started = await admin.PostAsync($"/api/admin/imports/{id}/start", null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal(3, await host.DrainQueuesAsync()); // one message per chunk

        var progress = await admin.ImportProgressAsync(id);
        var valid = Lines - expectedInvalid.Count - 1;
        Assert.Equal(("done", Lines, Lines), (progress.GetProperty("state").GetString(), progress.GetProperty("total").GetInt32(), progress.GetProperty("done").GetInt32()));
        Assert.Equal((valid, 0, 1, expectedInvalid.Count), (progress.GetProperty("added").GetInt32(), progress.GetProperty("updated").GetInt32(),
            progress.GetProperty("skipped").GetInt32(), progress.GetProperty("invalid").GetInt32()));
        Assert.Equal(valid, await host.CountAsync(audience, "confirmed"));
        var helene = await admin.ExportPersonAsync("helene.7@example.org");
        Assert.Equal(("Hélène7", "Dupré", "association"), (helene.GetProperty("profile").GetProperty("firstName").GetString(), helene.ProfileValue("lastName"), helene.ProfileValue("structureType")));

        var rejected = (await admin.GetStringAsync($"/api/admin/imports/{id}/rejected.csv")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("line,email,outcome,reason", rejected[0]);
        Assert.Equal(expectedInvalid.Append(Lines + 1).Order(), rejected.Skip(1).Select(l => int.Parse(l.Split(',')[0])));
        Assert.Contains(rejected, l => l.StartsWith($"{Lines + 1},helene.5@example.org,skipped,duplicate in this file", StringComparison.Ordinal));
        Assert.All(expectedInvalid, line => Assert.Contains(rejected, l => l.StartsWith($"{line},not-an-address-{line},invalid,not a valid e-mail address", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Running_the_same_job_again_changes_nothing()
    {
        var admin = host.CreateAdminClient();
        var audience = await host.NewAudienceAsync("again");
        var (file, _) = FrenchFile(1_500, invalidEvery: 0, duplicateOf: 0, person: "remi");
        var (id, _) = await admin.UploadImportAsync(audience, file);
        await admin.PostAsync($"/api/admin/imports/{id}/start", null);
        await host.DrainQueuesAsync();
        var before = await admin.ImportProgressAsync(id);
        var consentsBefore = (await admin.ExportPersonAsync("remi.1@example.org")).GetProperty("consents").GetArrayLength();

        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync($"/api/admin/imports/{id}/start", null)).StatusCode);
        Assert.Equal(0, await host.DrainQueuesAsync()); // a finished job queues nothing
        var jobs = host.Services.GetRequiredService<ImportJobs>();
        foreach (var chunk in new[] { 1, 2 }) await jobs.ProcessChunkAsync(new ImportChunkMessage(id, chunk)); // a redelivered message

        Assert.Equal(before.GetRawText(), (await admin.ImportProgressAsync(id)).GetRawText());
        Assert.Equal(1_500, await host.CountAsync(audience, "confirmed"));
        Assert.Equal(consentsBefore, (await admin.ExportPersonAsync("remi.1@example.org")).GetProperty("consents").GetArrayLength());
        Assert.Equal(1, consentsBefore);
    }

    [Fact]
    public async Task A_file_over_the_limits_is_refused_and_nothing_is_stored()
    {
        var admin = host.CreateAdminClient();
        var audience = await host.NewAudienceAsync("limit");
        var text = new StringBuilder("email\n");
        for (var i = 0; i <= ImportParser.MaxLines; i++) text.Append('l').Append(i).Append("@example.org\n");

        var response = await admin.PostAsync($"/api/admin/audiences/{audience}/imports?status=confirmed&source=t", ImportClient.Csv(Encoding.UTF8.GetBytes(text.ToString())));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("100000", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await host.DrainQueuesAsync());
        Assert.Equal(0, await host.CountAsync(audience, "pending") + await host.CountAsync(audience, "confirmed"));
    }

    [Theory]
    [InlineData("/api/admin/audiences/no-such-audience/imports?status=confirmed&source=t", "post", HttpStatusCode.NotFound)]
    [InlineData("/api/admin/audiences/newsletter/imports?status=confirmed", "post", HttpStatusCode.BadRequest)]
    [InlineData("/api/admin/audiences/newsletter/imports?mapping=%7Bx", "post", HttpStatusCode.BadRequest)]
    [InlineData("/api/admin/imports/0123456789abcdef0123456789abcdef", "get", HttpStatusCode.NotFound)]
    [InlineData("/api/admin/imports/..%2F..%2Fetc", "get", HttpStatusCode.NotFound)]
    [InlineData("/api/admin/imports/0123456789abcdef0123456789abcdef/start", "post", HttpStatusCode.NotFound)]
    [InlineData("/api/admin/imports/0123456789abcdef0123456789abcdef/rejected.csv", "get", HttpStatusCode.NotFound)]
    public async Task Bad_requests_get_a_problem_never_a_500(string url, string method, HttpStatusCode expected)
    {
        var admin = host.CreateAdminClient();
        var response = method == "get" ? await admin.GetAsync(url) : await admin.PostAsync(url, ImportClient.Csv(Encoding.UTF8.GetBytes("email\nx@example.org\n")));
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>
    /// A French Excel file (<c>;</c>, Windows-1252) of <paramref name="lines"/> lines: every <paramref name="invalidEvery"/>th
    /// line has no valid address, and the last line repeats line <paramref name="duplicateOf"/>. Returns the invalid line numbers.
    /// </summary>
    private static (byte[] File, List<int> InvalidLines) FrenchFile(int lines, int invalidEvery, int duplicateOf, string person = "helene")
    {
        var text = new StringBuilder("Adresse e-mail;Prénom;Nom;Organisation;Type de structure\r\n");
        var invalid = new List<int>();
        var people = duplicateOf > 0 ? lines - 1 : lines;
        for (var i = 1; i <= people; i++)
        {
            var line = i + 1;
            var bad = invalidEvery > 0 && i % invalidEvery == 0;
            if (bad) invalid.Add(line);
            text.Append(bad ? $"not-an-address-{line}" : $"{person}.{i}@example.org").Append($";Hélène{i};Dupré;Association n°{i % 50};association\r\n");
        }

        if (duplicateOf > 0) text.Append($"{person}.{duplicateOf}@example.org;Hélène;Dupré;;association\r\n");
        return (Encoding.GetEncoding(1252).GetBytes(text.ToString()), invalid);
    }
}

public static class ImportJobClient
{
    public static async Task<(string Id, JsonElement Preview)> UploadImportAsync(this HttpClient admin, string audience, byte[] file, string query = "status=confirmed&source=integration-test")
    {
        var response = await admin.PostAsync($"/api/admin/audiences/{audience}/imports?{query}", ImportClient.Csv(file));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("id").GetString()!, body.GetProperty("preview"));
    }

    public static Task<JsonElement> ImportProgressAsync(this HttpClient admin, string id) => admin.GetFromJsonAsync<JsonElement>($"/api/admin/imports/{id}");
}
