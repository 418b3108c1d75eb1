using Outreach.Core.Mail.Templates;
using Outreach.Core.Subscriptions;

namespace Outreach.UnitTests.Mail;

[Trait("Category", "Unit")]
public class MailTemplateTests
{
    private readonly MailTemplateRenderer renderer = MailTestKit.Renderer();

    public static TheoryData<string, string> Shipped()
    {
        var data = new TheoryData<string, string>();
        foreach (var template in ShippedMailTemplates.All) data.Add(template.Language, template.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Shipped))]
    public async Task Every_shipped_template_passes_the_checks_an_edited_one_goes_through(string language, string name)
    {
        var kind = MailTestKit.Catalog().Find(name);
        Assert.NotNull(kind);

        Assert.Null(await MailTestKit.Checks().CheckAsync(kind, language, ShippedMailTemplates.Find(language, name)));
    }

    [Fact]
    public void Every_mail_template_is_shipped_in_French_and_English()
    {
        var shipped = ShippedMailTemplates.All.Select(t => (t.Language, t.Name)).ToHashSet();
        var expected = MailTestKit.Catalog().All.SelectMany(k => MailTemplateCatalog.Languages.Select(l => (l, k.Name))).ToHashSet();

        Assert.Equal(expected.Order(), shipped.Order());
    }

    [Fact]
    public async Task A_mail_is_rendered_inside_the_one_layout_with_its_subject_and_a_text_part()
    {
        var variables = SubscriptionMailTemplates.Variables("Marie", ["La Newsletter"], "https://outreach.example.org/api/subscriptions/confirm?token=abc", "fr");

        var mail = await renderer.RenderAsync(SubscriptionMailTemplates.Confirmation, "fr", variables);

        Assert.Equal("Confirmez votre inscription", mail.Subject);
        Assert.Contains("<html lang=\"fr\"", mail.Html);
        Assert.Contains("max-width: 600px", mail.Html);
        Assert.Contains("@media screen and (max-width: 620px)", mail.Html);
        Assert.Contains("href=\"https://outreach.example.org/api/subscriptions/confirm?token=abc\"", mail.Html);
        Assert.Contains("Bonjour Marie,", mail.Text);
        Assert.Contains("Je confirme mon inscription : https://outreach.example.org/api/subscriptions/confirm?token=abc", mail.Text);
        Assert.DoesNotContain("<", mail.Text);
    }

    [Fact]
    public async Task What_a_subscriber_typed_is_encoded_in_the_HTML_and_kept_as_text_in_the_subject()
    {
        var variables = SubscriptionMailTemplates.Variables("<b>Eve</b>", ["L'hebdo <i>association</i>"], "https://outreach.example.org/c", "en");

        var mail = await renderer.RenderAsync(SubscriptionMailTemplates.Welcome, "en", variables, new MailFooter("https://u.example.org/u", "https://u.example.org/p", "L'hebdo & co"));

        Assert.DoesNotContain("<b>Eve</b>", mail.Html);
        Assert.DoesNotContain("<i>association</i>", mail.Html);
        Assert.Contains("&lt;b&gt;Eve&lt;/b&gt;", mail.Html);
        Assert.Equal("Welcome! Your subscription is confirmed", mail.Subject);
        Assert.Contains("href=\"https://u.example.org/u\"", mail.Html);
        Assert.Contains("Unsubscribe : https://u.example.org/u", mail.Text);
    }

    [Theory]
    [InlineData("{% capture subject %}Hello{% endcapture %}<tr><td>{% if x %}</td></tr>", "Line")]
    [InlineData("<tr><td>No subject</td></tr>", "subject")]
    [InlineData("{% capture subject %}Hi{% endcapture %}{% include 'secrets' %}", "include")]
    [InlineData("{% capture subject %}Hi{% endcapture %}{% for i in (1..1000) %}{% for j in (1..1000) %}{% endfor %}{% endfor %}", "too long")]
    [InlineData("{% capture subject %}Hi{% endcapture %}{% assign s = 'xxxxxxxxxx' %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}", "characters")]
    public async Task An_edited_template_that_does_not_parse_or_render_is_refused_with_a_reason(string source, string reason)
    {
        var kind = MailTestKit.Catalog().Find(SubscriptionMailTemplates.Confirmation)!;

        var error = await MailTestKit.Checks().CheckAsync(kind, "fr", source);

        Assert.NotNull(error);
        Assert.Contains(reason, error.ToString(), StringComparison.OrdinalIgnoreCase);
    }
}
