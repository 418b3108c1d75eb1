using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Outreach.IntegrationTests.Audiences;

namespace Outreach.IntegrationTests.Events;

/// <summary>Questions on the registration form: typed, required or not, validated, in the registrants' JSON and CSV, in the GDPR export, erased with the person.</summary>
public class RegistrationQuestionTests(EventsDevHost host) : IClassFixture<EventsDevHost>
{
    private static readonly object[] Questions =
    [
        new { id = "structure", label = "Votre structure", labelEn = "Your organisation", type = "text", required = true },
        new { id = "type", label = "Type de structure", type = "choice", options = new[] { "Association", "Entreprise", "Collectivité" }, required = true },
        new { id = "sujets", label = "Sujets", type = "multichoice", options = new[] { "Mécénat", "Bénévolat", "Achats" } },
        new { id = "accessibilite", label = "Besoins d'accessibilité", type = "longtext" },
        new { id = "replay", label = "Recevoir le replay ?", type = "yesno" },
    ];

    [Fact]
    public async Task A_required_question_refuses_a_registration_without_its_answer_and_the_answers_are_exported_and_erased()
    {
        var eventId = await CreateWebinarWithQuestionsAsync();
        var client = host.CreateClient();

        var missing = await client.PostAsJsonAsync($"/api/events/{eventId}/registrations", new { email = "q1@example.org", consent = true, answers = new { type = "Association" } });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.True((await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("answers.structure", out _));

        var form = await client.PostAsync($"/api/events/{eventId}/registrations", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = "q2@example.org", ["consent"] = "on", ["answers.type"] = "Association",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, form.StatusCode);
        Assert.Contains("Merci de répondre : Votre structure", await form.Content.ReadAsStringAsync());

        var registered = await client.PostAsJsonAsync($"/api/events/{eventId}/registrations", new
        {
            email = "q3@example.org", firstName = "Inès", consent = true,
            answers = new Dictionary<string, object> { ["structure"] = "Les Amis, du Quartier", ["type"] = "Association", ["sujets"] = new[] { "Mécénat", "Achats" }, ["replay"] = true },
        });
        Assert.True(registered.IsSuccessStatusCode, await registered.Content.ReadAsStringAsync());

        var admin = host.CreateAdminClient();
        var item = (await admin.GetFromJsonAsync<JsonElement>($"/api/admin/events/{eventId}/registrations")).GetProperty("items").EnumerateArray().Single();
        Assert.Equal(["Mécénat", "Achats"], item.GetProperty("answers").GetProperty("sujets").EnumerateArray().Select(v => v.GetString()));
        var csv = await admin.GetStringAsync($"/api/admin/events/{eventId}/registrations?format=csv");
        Assert.EndsWith(",Votre structure,Type de structure,Sujets,Besoins d'accessibilité,Recevoir le replay ?", csv.Split('\n')[0].TrimEnd('\r'));
        Assert.EndsWith(",\"Les Amis, du Quartier\",Association,Mécénat | Achats,,true", csv.Split('\n')[1].TrimEnd('\r'));

        var export = await admin.ExportPersonAsync("q3@example.org");
        Assert.Equal("Les Amis, du Quartier", export.GetProperty("eventRegistrations")[0].GetProperty("answers").GetProperty("structure")[0].GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/admin/subscribers/q3%40example.org")).StatusCode);
        Assert.Empty((await admin.GetFromJsonAsync<JsonElement>($"/api/admin/events/{eventId}/registrations")).GetProperty("items").EnumerateArray());
    }

    [Theory]
    [InlineData("""{"type":"Fondation","structure":"X"}""", "answers.type")]
    [InlineData("""{"type":"Association","structure":"X","sujets":["Sport"]}""", "answers.sujets")]
    [InlineData("""{"type":"Association","structure":"X","replay":"peut-être"}""", "answers.replay")]
    [InlineData("""{"type":"Association","structure":"X","inconnue":"1"}""", "answers")]
    public async Task An_answer_that_is_not_one_the_question_takes_is_refused(string answers, string field)
    {
        var eventId = await CreateWebinarWithQuestionsAsync();
        var body = $$"""{"email":"bad@example.org","consent":true,"answers":{{answers}}}""";
        var response = await host.CreateClient().PostAsync($"/api/events/{eventId}/registrations", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task A_badly_typed_question_is_refused_when_the_webinar_is_created()
    {
        var webinar = new Dictionary<string, object?>
        {
            ["title"] = "Atelier", ["start"] = "2026-11-19T13:00", ["end"] = "2026-11-19T14:30", ["timeZone"] = "Europe/Paris", ["joinUrl"] = "https://visio.example.org/a",
            ["questions"] = new[] { new { id = "q", label = "Choix", type = "choice" } },
        };
        var response = await host.CreateAdminClient().PostAsJsonAsync("/api/admin/events", webinar);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("questions", out _));
    }

    private async Task<string> CreateWebinarWithQuestionsAsync()
    {
        var response = await host.CreateAdminClient().PostAsJsonAsync("/api/admin/events", new
        {
            title = "De la connaissance à la compétence", start = "2026-11-19T13:00", end = "2026-11-19T14:30", timeZone = "Europe/Paris",
            joinUrl = "https://visio.example.org/connaissance-competence", questions = Questions,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(5, created.GetProperty("questions").GetArrayLength());
        return created.GetProperty("id").GetString()!;
    }
}
