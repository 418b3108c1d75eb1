using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Outreach.IntegrationTests.Infrastructure;

namespace Outreach.IntegrationTests.Audiences;

/// <summary>The import test files (as Excel and Mailchimp write them) and the calls the team makes with them.</summary>
public static class ImportClient
{
    public static byte[] File(string name) => System.IO.File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Audiences", "Files", name));

    public static ByteArrayContent Csv(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return content;
    }

    /// <summary>The synchronous import; returns its report.</summary>
    public static async Task<JsonElement> ImportNowAsync(this HttpClient admin, string audience, byte[] file, string query = "status=confirmed&source=integration-test")
    {
        var response = await admin.PostAsync($"/api/admin/audiences/{audience}/import?{query}", Csv(file));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>GET /api/admin/subscribers/{email}: the GDPR export.</summary>
    public static Task<JsonElement> ExportPersonAsync(this HttpClient admin, string email) =>
        admin.GetFromJsonAsync<JsonElement>($"/api/admin/subscribers/{Uri.EscapeDataString(email)}");

    public static string? ProfileValue(this JsonElement export, string name) =>
        export.GetProperty("profile").GetProperty("details").TryGetProperty(name, out var value) ? value.ToString() : null;

    public static async Task<string> NewAudienceAsync(this DevHostFixture host, string prefix = "imp")
    {
        var id = prefix + "-" + Guid.NewGuid().ToString("N")[..8];
        var response = await host.CreateAdminClient().PostAsJsonAsync("/api/admin/audiences", new { id, name = id, cadence = "weekly" });
        response.EnsureSuccessStatusCode();
        return id;
    }
}
