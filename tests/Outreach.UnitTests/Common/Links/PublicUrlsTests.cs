using Microsoft.Extensions.Options;
using Outreach.Core.Common.Configuration;
using Outreach.Core.Common.Links;

namespace Outreach.UnitTests.Common.Links;

public class PublicUrlsTests
{
    private static readonly PublicUrls Urls = new(Options.Create(new OutreachOptions { PublicBaseUrl = "https://outreach.example.org/" }));

    [Theory]
    [InlineData("fr", "https://outreach.example.org/api/signup")]
    [InlineData("en", "https://outreach.example.org/api/signup?lang=en")]
    public void French_adds_nothing_and_English_adds_lang_en(string language, string expected) =>
        Assert.Equal(expected, Urls.Api("signup", language));

    [Fact]
    public void The_language_comes_last_after_the_other_parameters_and_values_are_escaped()
    {
        Assert.Equal("https://outreach.example.org/api/signup?audience=hebdo%20assos%26co&lang=en", Urls.Signup("hebdo assos&co", "en"));
        Assert.Equal("https://outreach.example.org/api/events?format=html&lang=en", Urls.Api("events", "en", ("format", "html")));
        Assert.Equal("/api/events/abc/registration?token=t.k&lang=en", PublicUrls.Local("events/abc/registration", "en", ("token", "t.k")));
    }

    [Fact]
    public void A_parameter_without_a_value_is_left_out() =>
        Assert.Equal("/api/series/s1/registered", PublicUrls.Local("series/s1/registered", "fr", ("programme", null)));

    [Fact]
    public void A_url_that_already_has_a_query_gets_the_language_after_it()
    {
        Assert.Equal("/api/newsletters?page=2&lang=en", PublicUrls.WithLanguage("/api/newsletters?page=2", "en"));
        Assert.Equal("/api/newsletters?page=2", PublicUrls.WithLanguage("/api/newsletters?page=2", "fr"));
    }

    [Fact]
    public void Our_absolute_links_become_root_relative_on_our_pages_and_others_stay()
    {
        Assert.Equal("/api/preferences?token=x", Urls.OnPage("https://outreach.example.org/api/preferences?token=x"));
        Assert.Equal("https://elsewhere.example.org/api/x", Urls.OnPage("https://elsewhere.example.org/api/x"));
    }
}
