using System.Text.Json;
using Outreach.Core.Campaigns;
using Outreach.Core.Campaigns.Pipeline;
using Outreach.Core.Campaigns.Rendering;
using Outreach.Core.Mail;
using SendGrid.Helpers.Mail;

namespace Outreach.UnitTests.Campaigns.Pipeline;

public class SendGridCampaignRequestTests
{
    private static readonly CampaignTemplate Template = CampaignTemplate.Compile(ComposedCampaign.From(new CampaignDraft
    {
        Subject = "Bonjour {{firstName|à vous}}",
        Html = "<p>Bonjour {{firstName}}</p>",
        Audiences = ["quotidienne"],
    }, "Paris"));

    private static OutgoingRecipient Recipient(int i, string listId = "\"La quotidienne\" <quotidienne.outreach.example.org>") =>
        new($"key{i:D4}", new RecipientValues($"reader{i}@example.org", i % 2 == 0 ? $"Lecteur {i}" : null, "La quotidienne",
            $"https://outreach.example.org/api/unsubscribe?token=u{i}", $"https://outreach.example.org/api/preferences?token=p{i}"),
            $"<https://outreach.example.org/api/unsubscribe?token=u{i}>", listId);

    private static OutgoingBatch Batch(IEnumerable<OutgoingRecipient> recipients) =>
        new("0190c2a1b2c3d4e5f60718293a4b5c6d", "7", Template, recipients.ToList(), ["newsletter", "octobre"]);

    private static JsonElement Json(SendGridMessage message) => JsonDocument.Parse(SendGridRequestBody.Serialize(message)).RootElement;

    [Fact]
    public void A_full_batch_is_one_request_of_1000_personalizations_that_SendGrid_s_schema_accepts()
    {
        var message = SendGridCampaignRequest.Build(Batch(Enumerable.Range(0, 1000).Select(i => Recipient(i))), new EmailAddress("newsletter@outreach.example.org", "Outreach"));

        Assert.Empty(SendGridSchema.Problems(SendGridRequestBody.Serialize(message)));
        Assert.Equal(1000, Json(message).GetProperty("personalizations").GetArrayLength());
    }

    [Fact]
    public void Each_personalization_carries_its_own_list_unsubscribe_substitutions_and_campaign_id()
    {
        var json = Json(SendGridCampaignRequest.Build(Batch([Recipient(1), Recipient(2)]), new EmailAddress("n@outreach.example.org")));
        var second = json.GetProperty("personalizations")[1];

        Assert.Equal("reader2@example.org", second.GetProperty("to")[0].GetProperty("email").GetString());
        Assert.Equal("Lecteur 2", second.GetProperty("to")[0].GetProperty("name").GetString());
        Assert.Equal("<https://outreach.example.org/api/unsubscribe?token=u2>", second.GetProperty("headers").GetProperty("List-Unsubscribe").GetString());
        Assert.Equal("Lecteur 2", second.GetProperty("substitutions").GetProperty("%%firstName~1:t%%").GetString());
        Assert.Equal("0190c2a1b2c3d4e5f60718293a4b5c6d", second.GetProperty("custom_args").GetProperty("campaign_id").GetString());
        Assert.Equal("7", second.GetProperty("custom_args").GetProperty("batch").GetString());
        Assert.False(json.TryGetProperty("custom_args", out _)); // the schema types the message-level one as a string
    }

    [Fact]
    public void A_name_with_a_comma_or_a_semicolon_never_breaks_a_SendGrid_batch()
    {
        var named = new OutgoingRecipient("key9000", new RecipientValues("mallory@example.org", "Dupont, Marie; et al", "La quotidienne",
            "https://outreach.example.org/api/unsubscribe?token=u", "https://outreach.example.org/api/preferences?token=p"),
            "<https://outreach.example.org/api/unsubscribe?token=u>", "\"La quotidienne\" <quotidienne.outreach.example.org>");
        var json = Json(SendGridCampaignRequest.Build(Batch([Recipient(2), named]), new EmailAddress("n@outreach.example.org")));

        Assert.Equal("Dupont Marie et al", json.GetProperty("personalizations")[1].GetProperty("to")[0].GetProperty("name").GetString());
        Assert.Null(SendGridDisplayName.For(" ,; "));
    }

    [Fact]
    public void Shared_headers_sit_at_message_level_once()
    {
        var json = Json(SendGridCampaignRequest.Build(Batch([Recipient(1), Recipient(2)]), new EmailAddress("n@outreach.example.org")));

        Assert.Equal("List-Unsubscribe=One-Click", json.GetProperty("headers").GetProperty("List-Unsubscribe-Post").GetString());
        Assert.Equal("\"La quotidienne\" <quotidienne.outreach.example.org>", json.GetProperty("headers").GetProperty("List-Id").GetString());
        Assert.All(json.GetProperty("personalizations").EnumerateArray(), p => Assert.False(p.GetProperty("headers").TryGetProperty("List-Id", out _)));
        Assert.Equal(["newsletter", "octobre"], json.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("text/plain", json.GetProperty("content")[0].GetProperty("type").GetString());
    }

    [Fact]
    public void Recipients_from_several_audiences_carry_their_own_list_id()
    {
        var json = Json(SendGridCampaignRequest.Build(Batch([Recipient(1), Recipient(2, "<hebdo-associations.outreach.example.org>")]), new EmailAddress("n@outreach.example.org")));

        Assert.False(json.GetProperty("headers").TryGetProperty("List-Id", out _));
        Assert.Equal("<hebdo-associations.outreach.example.org>", json.GetProperty("personalizations")[1].GetProperty("headers").GetProperty("List-Id").GetString());
    }

    [Fact]
    public void More_than_1000_recipients_never_go_in_one_request() =>
        Assert.Throws<ArgumentException>(() => SendGridCampaignRequest.Build(Batch(Enumerable.Range(0, 1001).Select(i => Recipient(i))), new EmailAddress("n@outreach.example.org")));

    [Fact]
    public void Personal_one_click_links_travel_as_substitutions_that_SendGrid_s_schema_accepts()
    {
        var template = CampaignTemplate.Compile(ComposedCampaign.From(new CampaignDraft
        {
            Subject = "La lettre",
            Html = "<p><a href=\"{{oneClickUrl:session:webinar-1:newsletter}}\">Je m'inscris</a> <a href=\"{{unsubscribeUrl}}\">x</a></p>",
            Audiences = ["newsletter"],
        }, "Paris"));
        var recipients = Enumerable.Range(0, 3).Select(i => Recipient(i) with
        {
            Values = Recipient(i).Values with { PersonalLinks = new Dictionary<string, string> { ["session:webinar-1:newsletter"] = $"https://outreach.example.org/api/events/webinar-1/one-click?token=t{i}" } },
        }).ToList();
        var message = SendGridCampaignRequest.Build(new OutgoingBatch("0190c2a1b2c3d4e5f60718293a4b5c6d", "1", template, recipients, ["newsletter"]), new EmailAddress("n@outreach.example.org"));

        Assert.Empty(SendGridSchema.Problems(SendGridRequestBody.Serialize(message)));
        var second = Json(message).GetProperty("personalizations")[1].GetProperty("substitutions");
        Assert.Equal("https://outreach.example.org/api/events/webinar-1/one-click?token=t1", second.GetProperty("%%oneClickUrl@1:h%%").GetString());
    }
}

public class SendGridSchemaTests
{
    private const string Minimal = "{\"personalizations\":[{\"to\":[{\"email\":\"a@example.org\"}]}],\"from\":{\"email\":\"n@example.org\"},\"subject\":\"s\",\"content\":[{\"type\":\"text/plain\",\"value\":\"t\"}]}";

    [Fact]
    public void The_checker_accepts_a_minimal_request() => Assert.Empty(SendGridSchema.Problems(Minimal));

    [Theory]
    [InlineData("{\"personalizations\":[{\"to\":[{\"email\":\"a@example.org\"}]}],\"subject\":\"s\",\"content\":[{\"type\":\"text/plain\",\"value\":\"t\"}]}")] // no from
    [InlineData("{\"personalizations\":[{\"to\":[{\"email\":\"not an address\"}]}],\"from\":{\"email\":\"n@example.org\"},\"subject\":\"s\",\"content\":[{\"type\":\"text/plain\",\"value\":\"t\"}]}")]
    [InlineData("{\"personalizations\":[{\"to\":[{\"email\":\"a@example.org\"}]}],\"from\":{\"email\":\"n@example.org\"},\"subject\":\"s\",\"content\":[{\"type\":\"text/plain\",\"value\":\"t\"}],\"custom_args\":{\"campaign_id\":\"c\"}}")]
    [InlineData("{\"personalizations\":[{\"to\":[{\"email\":\"a@example.org\"}]}],\"from\":{\"email\":\"n@example.org\"},\"subject\":\"s\",\"content\":[{\"type\":\"text/html\",\"value\":\"h\"},{\"type\":\"text/plain\",\"value\":\"t\"}]}")]
    [InlineData("{\"personalizations\":[{\"to\":[{\"email\":\"a@example.org\"}],\"headers\":{\"Subject\":\"x\"}}],\"from\":{\"email\":\"n@example.org\"},\"subject\":\"s\",\"content\":[{\"type\":\"text/plain\",\"value\":\"t\"}]}")]
    public void The_checker_refuses_what_SendGrid_refuses(string body) => Assert.NotEmpty(SendGridSchema.Problems(body));
}

public class SendGridMailSenderTests
{
    [Fact]
    public void A_single_message_with_custom_args_still_validates_against_SendGrid_s_schema()
    {
        var sender = new SendGridMailSender(Microsoft.Extensions.Options.Options.Create(new Outreach.Core.Common.Configuration.SendGridOptions()),
            Microsoft.Extensions.Options.Options.Create(new Outreach.Core.Common.Configuration.MailOptions()), null!);
        var message = sender.ToSendGridMessage(new MailMessage
        {
            To = new MailAddress("a@example.org", "Anne"),
            Subject = "Invitation",
            Html = "<p>x</p>",
            Text = "x",
            CustomArgs = new Dictionary<string, string> { ["event_id"] = "e1" },
            Categories = ["invite"],
        });

        Assert.Empty(SendGridSchema.Problems(message.Serialize()));
    }
}

public class SendGridRequestBodyTests
{
    [Fact]
    public void The_fast_writer_produces_the_same_document_as_the_SendGrid_client()
    {
        var template = CampaignTemplate.Compile(ComposedCampaign.From(new CampaignDraft
        {
            Subject = "L'économie « {{firstName|à vous}} » \"quoted\"",
            Preheader = "Émoji 🎉 et <balises>",
            Html = "<p>Bonjour {{firstName}} &amp; bienvenue</p>",
            Audiences = ["quotidienne"],
        }, "1 rue de l'Exemple"));
        var recipients = Enumerable.Range(0, 50).Select(i => new OutgoingRecipient($"k{i}",
            new RecipientValues($"r{i}@example.org", i % 3 == 0 ? null : $"Zoé \"{i}\"", "La quotidienne", $"https://x.example.org/u?t={i}&lang=en", $"https://x.example.org/p?t={i}"),
            $"<https://x.example.org/u?t={i}>", i % 2 == 0 ? "<a.example.org>" : "<b.example.org>")).ToList();
        var message = SendGridCampaignRequest.Build(new OutgoingBatch("c1", "2", template, recipients, ["newsletter", "été"]), new EmailAddress("n@example.org", "L'équipe"));

        var text = SendGridRequestBody.Serialize(message);
        using var pooled = SendGridRequestBody.Utf8(message);
        Assert.Equal(text, System.Text.Encoding.UTF8.GetString(pooled.Written.Span));
        var ours = System.Text.Json.Nodes.JsonNode.Parse(text);
        var theirs = System.Text.Json.Nodes.JsonNode.Parse(message.Serialize()); // last: the client's serializer changes the message

        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(ours, theirs), $"ours:\n{ours}\ntheirs:\n{theirs}");
    }

    [Fact]
    public void A_message_with_fields_campaigns_never_use_goes_through_the_client_s_serializer()
    {
        var message = new SendGridMessage { From = new EmailAddress("n@example.org"), Subject = "s", PlainTextContent = "t" };
        message.AddTo("a@example.org");
        message.AddAttachment("a.txt", "YQ==");
        Assert.Equal(message.Serialize(), SendGridRequestBody.Serialize(message));
    }
}
