using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using MimeKit;
using Outreach.IntegrationTests.Infrastructure;

namespace Outreach.IntegrationTests.Newsletters;

/// <summary>A DevHost on a fake clock, with helpers for the newsletter flow: subscribers, timers, outbox links.</summary>
public sealed partial class NewsletterHostFixture : DevHostFixture
{
    public const string DispatchCampaigns = "DispatchCampaigns";
    public const string SendDueDigests = "SendDueDigests";

    /// <summary>La quotidienne on weekdays at 09:00 Paris, as the digest tests configure it.</summary>
    public static Dictionary<string, string?> NineOClockDaily => new()
    {
        ["Digests:Schedules:0:Audience"] = "quotidienne",
        ["Digests:Schedules:0:Days:0"] = "Monday",
        ["Digests:Schedules:0:Days:1"] = "Tuesday",
        ["Digests:Schedules:0:Days:2"] = "Wednesday",
        ["Digests:Schedules:0:Days:3"] = "Thursday",
        ["Digests:Schedules:0:Days:4"] = "Friday",
        ["Digests:Schedules:0:Time"] = "09:00",
    };

    public NewsletterHostFixture(DateTimeOffset start)
    {
        UseFakeTime(start);
        WithSetting("PublicBaseUrl", "http://localhost:7071");
    }

    public static async Task<NewsletterHostFixture> StartAsync(DateTimeOffset start, IDictionary<string, string?>? settings = null)
    {
        var host = new NewsletterHostFixture(start);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) host.WithSetting(key, value);
        await host.InitializeAsync();
        return host;
    }

    /// <summary>Imports confirmed subscribers (email, first name) into an audience through the admin API.</summary>
    public async Task ImportAsync(string audience, params (string Email, string FirstName)[] people)
    {
        using var admin = CreateAdminClient();
        var csv = "email,firstName\n" + string.Concat(people.Select(p => $"{p.Email},{p.FirstName}\n"));
        var response = await admin.PostAsync($"/api/admin/audiences/{audience}/import?status=confirmed&source=integration%20test",
            new StringContent(csv, Encoding.UTF8, "text/csv"));
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Moves the clock, then runs the campaign dispatcher and drains the queues, as the timers would.</summary>
    public async Task AdvanceAndDispatchAsync(TimeSpan by)
    {
        FakeTime!.Advance(by);
        await RunTimerAsync(DispatchCampaigns);
        await DrainQueuesAsync();
    }

    public async Task<HttpResponseMessage> PostJsonAsync(string path, object body)
    {
        using var admin = CreateAdminClient();
        return await admin.PostAsJsonAsync(path, body);
    }

    public static string Html(MimeMessage message) => message.HtmlBody ?? "";

    public static string Text(MimeMessage message) => message.TextBody ?? "";

    public static IReadOnlyList<string> Links(string html) =>
        Href().Matches(html).Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();

    [GeneratedRegex("href=\"([^\"]*)\"")]
    private static partial Regex Href();
}
