using Outreach.Core.Campaigns;

namespace Outreach.UnitTests.Campaigns;

public class CampaignRulesTests
{
    private static readonly string[] Known = ["quotidienne", "newsletter"];
    private static readonly CampaignDraft Valid = new() { Subject = "Octobre", Html = "<p>Bonjour {{firstName}}</p>", Audiences = ["newsletter"] };

    [Fact]
    public void A_plain_draft_is_valid() => Assert.True(CampaignRules.Validate(Valid, Known).IsValid);

    [Theory]
    [InlineData("subject")]
    [InlineData("html")]
    [InlineData("audiences")]
    [InlineData("kind")]
    [InlineData("language")]
    [InlineData("categories")]
    public void Each_field_is_checked(string field)
    {
        var draft = field switch
        {
            "subject" => Valid with { Subject = "Ligne\r\nBcc: x@example.org" },
            "html" => Valid with { Html = " " },
            "audiences" => Valid with { Audiences = ["newsletter", "inconnue"] },
            "kind" => Valid with { Kind = "spam" },
            "language" => Valid with { Language = "de" },
            _ => Valid with { Categories = Enumerable.Range(0, 12).Select(i => $"c{i}").ToList() },
        };
        Assert.Contains(field, CampaignRules.Validate(draft, Known).Keys);
    }

    [Fact]
    public void Unknown_placeholders_are_refused_with_the_list_of_known_ones()
    {
        var errors = CampaignRules.Validate(Valid with { Html = "<p>{{prenom}}</p>" }, Known);
        Assert.Contains("{{firstName}}", errors["html"][0]);
    }

    [Fact]
    public void Without_the_standard_footer_the_unsubscribe_link_is_mandatory()
    {
        Assert.Contains("html", CampaignRules.Validate(Valid with { AppendFooter = false }, Known).Keys);
        Assert.True(CampaignRules.Validate(Valid with { AppendFooter = false, Html = "<a href=\"{{unsubscribeUrl}}\">stop</a>" }, Known).IsValid);
    }

    [Fact]
    public void Tests_go_to_a_few_valid_addresses()
    {
        Assert.True(CampaignRules.ValidateTestRecipients(["Comms@Outreach.example.org"], out var parsed).IsValid);
        Assert.Equal("comms@outreach.example.org", parsed[0].Value);
        Assert.False(CampaignRules.ValidateTestRecipients([], out _).IsValid);
        Assert.False(CampaignRules.ValidateTestRecipients(["pas une adresse"], out _).IsValid);
        Assert.False(CampaignRules.ValidateTestRecipients(Enumerable.Range(0, 11).Select(i => $"a{i}@example.org").ToList(), out _).IsValid);
    }
}
