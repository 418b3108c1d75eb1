using Microsoft.Extensions.Options;
using Outreach.Core.Common.Configuration;
using Outreach.Core.Mail;

namespace Outreach.UnitTests.Mail;

public class MarketingHeadersTests
{
    [Fact]
    public void Marketing_mail_carries_one_click_unsubscribe_and_a_list_id()
    {
        var headers = new MarketingHeaders(Options.Create(new MailOptions { UnsubscribeMailbox = "desinscription@outreach.example.org", ListIdDomain = "outreach.example.org" }))
            .For("https://outreach.example.org/api/unsubscribe?token=t", "quotidienne", "La quotidienne");

        Assert.Equal("<https://outreach.example.org/api/unsubscribe?token=t>, <mailto:desinscription@outreach.example.org?subject=unsubscribe>", headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", headers["List-Unsubscribe-Post"]);
        Assert.Equal("\"La quotidienne\" <quotidienne.outreach.example.org>", headers["List-Id"]);
    }

    [Fact]
    public void The_list_id_phrase_keeps_ascii_only()
    {
        var value = new MarketingHeaders(Options.Create(new MailOptions())).ListIdValue("jeudis-odd17", "Les Jeudis de l'ODD 17 « programme »");
        Assert.All(value, c => Assert.True(c < 128));
        Assert.EndsWith("<jeudis-odd17.outreach.example.org>", value);
    }

    [Fact]
    public void Header_values_with_line_breaks_are_refused() =>
        Assert.Throws<ArgumentException>(() => HeaderValues.EnsureSafe(new Dictionary<string, string> { ["X-Test"] = "a\r\nBcc: evil@example.org" }));
}
