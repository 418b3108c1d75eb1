using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Outreach.IntegrationTests.Infrastructure;

namespace Outreach.IntegrationTests.Subscriptions;

public class AudienceAdminTests(DevHostFixture host) : IClassFixture<DevHostFixture>
{
    [Fact]
    public async Task The_six_audiences_are_seeded_and_listed_publicly()
    {
        var audiences = await host.CreateClient().GetFromJsonAsync<JsonElement>("/api/audiences");
        var ids = audiences.EnumerateArray().Select(a => a.GetProperty("id").GetString()).ToList();
        Assert.Equal(["quotidienne", "hebdo-entreprises", "hebdo-associations", "hebdo-grand-public", "newsletter", "jeudis-odd17"], ids);
        Assert.Equal("La quotidienne", audiences[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task The_team_creates_and_edits_an_audience_and_bad_ones_get_problems()
    {
        var admin = host.CreateAdminClient();
        var created = await admin.PostAsJsonAsync("/api/admin/audiences", new { id = "lettre-elus", name = "La lettre des élus", cadence = "monthly" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync("/api/admin/audiences", new { id = "lettre-elus", name = "Again", cadence = "monthly" })).StatusCode);

        var edited = await admin.PutAsJsonAsync("/api/admin/audiences/lettre-elus", new { name = "La lettre des collectivités", cadence = "monthly", openForSignup = false });
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var publicIds = (await host.CreateClient().GetFromJsonAsync<JsonElement>("/api/audiences")).EnumerateArray().Select(a => a.GetProperty("id").GetString());
        Assert.DoesNotContain("lettre-elus", publicIds);

        var bad = await admin.PostAsJsonAsync("/api/admin/audiences", new { id = "Bad Id!", name = "", cadence = "hourly" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("id", out _));
        Assert.True(errors.TryGetProperty("name", out _));
        Assert.True(errors.TryGetProperty("cadence", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsJsonAsync("/api/admin/audiences/nope", new { name = "x", cadence = "weekly" })).StatusCode);
    }

    [Fact]
    public async Task Import_reports_each_line_then_paging_and_export_see_every_subscriber()
    {
        var admin = host.CreateAdminClient();
        var audience = await host.NewAudienceAsync();
        var csv = new StringBuilder("Email Address,First Name\n");
        for (var i = 0; i < 250; i++) csv.Append($"member{i:D3}@example.org,Membre {i}\n");
        csv.Append("not-an-email,Nobody\nmember000@example.org,Duplicate\n\"quoted@example.org\",\"Dupont, Jo\"\n");

        var response = await admin.PostAsync($"/api/admin/audiences/{audience}/import?status=confirmed&source=Salon%202026",
            new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(251, report.GetProperty("added").GetInt32());
        Assert.Equal(1, report.GetProperty("invalid").GetInt32());
        Assert.Equal(1, report.GetProperty("skipped").GetInt32());
        Assert.Contains(report.GetProperty("lines").EnumerateArray(), l => l.GetProperty("line").GetInt32() == 252 && l.GetProperty("outcome").GetString() == "invalid");
        Assert.Equal(251, await host.CountAsync(audience, "confirmed"));
        Assert.DoesNotContain(await host.ReadOutboxAsync(), m => m.To.Mailboxes.Single().Address.StartsWith("member", StringComparison.Ordinal)); // attested consent: no confirmation mails

        var seen = new HashSet<string>();
        string? continuation = null;
        var pages = 0;
        do
        {
            var url = $"/api/admin/audiences/{audience}/subscribers?status=confirmed&pageSize=100"
                      + (continuation is null ? "" : "&continuationToken=" + Uri.EscapeDataString(continuation));
            var page = await admin.GetFromJsonAsync<JsonElement>(url);
            foreach (var item in page.GetProperty("items").EnumerateArray()) Assert.True(seen.Add(item.GetProperty("email").GetString()!));
            continuation = page.TryGetProperty("continuationToken", out var next) ? next.GetString() : null;
            pages++;
        }
        while (continuation is not null);
        Assert.Equal(251, seen.Count);
        Assert.True(pages >= 3);

        var export = await admin.GetAsync($"/api/admin/audiences/{audience}/export.csv");
        Assert.Equal("text/csv", export.Content.Headers.ContentType!.MediaType);
        var lines = (await export.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("email,firstName,status,subscribedAt,confirmedAt,unsubscribedAt,source", lines[0]);
        Assert.Equal(252, lines.Length);
        Assert.Contains(lines, l => l.StartsWith("quoted@example.org,\"Dupont, Jo\",confirmed,", StringComparison.Ordinal));
        Assert.All(lines.Skip(1), l => Assert.EndsWith(",Salon 2026", l));
    }

    [Fact]
    public async Task A_pending_import_sends_each_new_address_one_confirmation()
    {
        var admin = host.CreateAdminClient();
        var response = await admin.PostAsync("/api/admin/audiences/hebdo-associations/import",
            new StringContent("email,firstName\nasso1@example.org,Anne\nasso2@example.org,\n", Encoding.UTF8, "text/csv"));
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(2, report.GetProperty("added").GetInt32());
        Assert.Equal(2, await host.CountAsync("hebdo-associations", "pending"));
        Assert.Single(await host.ReadOutboxAsync("asso1@example.org"));
        Assert.Single(await host.ReadOutboxAsync("asso2@example.org"));
    }

    [Theory]
    [InlineData("/api/admin/audiences/newsletter/import?status=confirmed", "email\nx@example.org\n", "source")]
    [InlineData("/api/admin/audiences/newsletter/import?status=maybe", "email\nx@example.org\n", "status")]
    [InlineData("/api/admin/audiences/newsletter/import", "name,town\nJo,Lyon\n", "csv")]
    public async Task Bad_imports_are_refused_whole(string url, string body, string field)
    {
        var response = await host.CreateAdminClient().PostAsync(url, new StringContent(body, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Theory]
    [InlineData("/api/admin/audiences/newsletter/subscribers?pageSize=5000")]
    [InlineData("/api/admin/audiences/newsletter/subscribers?status=gone")]
    [InlineData("/api/admin/subscribers/not-an-address")]
    public async Task Bad_admin_queries_get_400(string url) =>
        Assert.Equal(HttpStatusCode.BadRequest, (await host.CreateAdminClient().GetAsync(url)).StatusCode);

    [Fact]
    public async Task Unknown_audiences_get_404() =>
        Assert.Equal(HttpStatusCode.NotFound, (await host.CreateAdminClient().GetAsync("/api/admin/audiences/nope/export.csv")).StatusCode);
}
