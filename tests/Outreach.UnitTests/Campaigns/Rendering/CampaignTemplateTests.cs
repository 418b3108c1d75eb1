using Outreach.Core.Campaigns;
using Outreach.Core.Campaigns.Rendering;

namespace Outreach.UnitTests.Campaigns.Rendering;

public class CampaignTemplateTests
{
    private static readonly RecipientValues Alice = new("alice@example.org", "Alice <b>", "La quotidienne",
        "https://outreach.example.org/api/unsubscribe?token=abc&lang=en", "https://outreach.example.org/api/preferences?token=def");

    private static CampaignTemplate Compile(string subject, string html, string text) => CampaignTemplate.Compile(new ComposedCampaign(subject, html, text));

    [Fact]
    public void Placeholders_become_substitution_tags_rendered_once_per_campaign()
    {
        var template = Compile("Bonjour {{firstName}}", "<p>Bonjour {{firstName}}</p>", "Bonjour {{ firstName }}");

        Assert.DoesNotContain("{{", template.Subject + template.Html + template.Text);
        Assert.Equal(2, template.Tags.Count); // one HTML tag, one text tag shared by subject and text
        Assert.Contains(template.Tags, t => t.Html && t.Tag == "%%firstName:h%%");
        Assert.Contains(template.Tags, t => !t.Html && t.Tag == "%%firstName:t%%");
    }

    [Fact]
    public void Values_are_html_encoded_in_html_and_raw_in_subject_and_text()
    {
        var copy = Compile("Bonjour {{firstName}}", "<p>Bonjour {{firstName}} <a href=\"{{unsubscribeUrl}}\">x</a></p>", "{{firstName}} {{unsubscribeUrl}}").RenderFor(Alice);

        Assert.Equal("Bonjour Alice <b>", copy.Subject);
        Assert.Equal("<p>Bonjour Alice &lt;b&gt; <a href=\"https://outreach.example.org/api/unsubscribe?token=abc&amp;lang=en\">x</a></p>", copy.Html);
        Assert.Equal("Alice <b> https://outreach.example.org/api/unsubscribe?token=abc&lang=en", copy.Text);
    }

    [Fact]
    public void A_fallback_shows_when_the_value_is_empty()
    {
        var template = Compile("{{firstName|Bonjour}}", "<p>{{firstName|chère lectrice, cher lecteur}}</p>", "{{firstName|}}!");
        var copy = template.RenderFor(Alice with { FirstName = null });

        Assert.Equal("Bonjour", copy.Subject);
        Assert.Equal("<p>chère lectrice, cher lecteur</p>", copy.Html);
        Assert.Equal("!", copy.Text);
        Assert.Equal("Alice <b>", template.RenderFor(Alice).Subject);
    }

    [Fact]
    public void Substitutions_hold_only_the_tags_the_campaign_uses()
    {
        var substitutions = Compile("News", "<p>{{email}}</p>", "{{email}}").SubstitutionsFor(Alice);
        Assert.Equal(new Dictionary<string, string> { ["%%email:h%%"] = "alice@example.org", ["%%email:t%%"] = "alice@example.org" }, substitutions);
    }

    [Fact]
    public void Control_characters_in_values_never_reach_the_message() =>
        Assert.Equal("Alice Evil", Compile("{{firstName}}", "x", "x").RenderFor(Alice with { FirstName = "Alice\r\nEvil" }).Subject);

    [Fact]
    public void Unknown_placeholders_are_reported() =>
        Assert.Equal(["prenom"], CampaignPlaceholders.Unknown("Bonjour {{prenom}} {{firstName}} {{ email }}"));

    [Fact]
    public void Personal_links_are_filled_per_recipient_by_their_argument()
    {
        const string webinar = "session:webinar-1:newsletter", series = "series:jeudis:newsletter";
        var template = Compile("x", "<a href=\"{{oneClickUrl:session:webinar-1:newsletter}}\">1</a><a href=\"{{oneClickUrl:series:jeudis:newsletter}}\">2</a>", "{{oneClickUrl:session:webinar-1:newsletter}}");
        var links = new Dictionary<string, string> { [webinar] = "https://o.example.org/api/events/webinar-1/one-click?token=a&lang=en", [series] = "https://o.example.org/api/series/jeudis/one-click?token=b" };

        var copy = template.RenderFor(Alice with { PersonalLinks = links });

        Assert.Equal([webinar, series], template.PersonalLinkArguments);
        Assert.Equal("<a href=\"https://o.example.org/api/events/webinar-1/one-click?token=a&amp;lang=en\">1</a><a href=\"https://o.example.org/api/series/jeudis/one-click?token=b\">2</a>", copy.Html);
        Assert.Equal("https://o.example.org/api/events/webinar-1/one-click?token=a&lang=en", copy.Text);
        Assert.Empty(CampaignPlaceholders.Unknown(template.Html + "{{oneClickUrl:session:x:digest}}"));
    }
}

public class ComposedCampaignTests
{
    private static readonly CampaignDraft Draft = new()
    {
        Subject = "  L'économie de l'alliance ",
        Preheader = "Le numéro d'octobre",
        Html = "<html><head><title>t</title></head><body><h1>Édito</h1><p>Bonjour {{firstName|à vous}},</p><p>Lire <a href=\"https://example.org/a\">l'article</a>.</p></body></html>",
        Audiences = ["newsletter"],
    };

    [Fact]
    public void The_preheader_is_html_encoded_and_keeps_its_placeholders()
    {
        var composed = ComposedCampaign.From(Draft with { Preheader = "<b>Pour {{firstName}}</b> & les autres" }, "Paris");

        Assert.Contains("&lt;b&gt;Pour {{firstName}}&lt;/b&gt; &amp; les autres", composed.Html);
        Assert.DoesNotContain("<b>Pour", composed.Html);
    }

    [Fact]
    public void The_preheader_opens_the_body_and_the_footer_closes_it()
    {
        var composed = ComposedCampaign.From(Draft, "1 rue de l'Exemple, Paris");

        Assert.Equal("L'économie de l'alliance", composed.Subject);
        var body = composed.Html.IndexOf("<body>", StringComparison.Ordinal);
        Assert.True(composed.Html.IndexOf("Le numéro d&#x27;octobre", StringComparison.Ordinal) > body);
        Assert.True(composed.Html.IndexOf("{{unsubscribeUrl}}", StringComparison.Ordinal) < composed.Html.IndexOf("</body>", StringComparison.Ordinal));
        Assert.Contains("{{preferencesUrl}}", composed.Html);
        Assert.Contains("1 rue de l&#x27;Exemple, Paris", composed.Html);
    }

    [Fact]
    public void The_footer_speaks_the_language_of_the_campaign_in_both_parts()
    {
        var french = ComposedCampaign.From(Draft, "Paris");
        var english = ComposedCampaign.From(Draft with { Language = "en" }, "Paris");

        Assert.Contains("Vous recevez ce message car vous êtes inscrit·e à « {{audienceName}} ».", french.Html);
        Assert.Contains("Me désinscrire : {{unsubscribeUrl}}", french.Text);
        Assert.Contains("You receive this message because you subscribed to “{{audienceName}}”.", english.Html);
        Assert.Contains("Unsubscribe : {{unsubscribeUrl}}", english.Text);
        Assert.Contains("<a href=\"{{preferencesUrl}}\" style=\"color:#123a6b\">Manage my preferences</a>", english.Html);
    }

    [Fact]
    public void The_text_part_is_derived_from_the_html_when_absent()
    {
        var text = ComposedCampaign.From(Draft, "Paris").Text;

        Assert.StartsWith("Édito\n\nBonjour {{firstName|à vous}},\n\nLire l'article (https://example.org/a).", text);
        Assert.Contains("{{unsubscribeUrl}}", text);
        Assert.DoesNotContain("<", text);
        Assert.DoesNotContain("octobre", text); // the preheader is for the inbox list, not the text part
    }

    [Fact]
    public void Without_the_footer_the_html_is_left_as_written()
    {
        var composed = ComposedCampaign.From(Draft with { AppendFooter = false, Preheader = null, Text = "Texte {{unsubscribeUrl}}" }, "Paris");
        Assert.Equal(Draft.Html, composed.Html);
        Assert.Equal("Texte {{unsubscribeUrl}}", composed.Text);
    }

    [Fact]
    public void A_fragment_gets_the_footer_appended()
    {
        var composed = ComposedCampaign.From(Draft with { Html = "<p>Court</p>", Preheader = "Avant" }, "Paris");
        Assert.StartsWith("<div style=", composed.Html);
        Assert.Contains("<p>Court</p>", composed.Html);
        Assert.EndsWith("</p>", composed.Html.TrimEnd());
    }
}
