using Outreach.Core.Newsletters;

namespace Outreach.UnitTests.Newsletters;

public sealed class IssueRulesTests
{
    private static readonly string[] Known = ["newsletter", "quotidienne"];
    private readonly MarkdownContent markdown = new(new Uri(NewsletterKit.Website));

    [Fact]
    public void TheSampleIssueIsValid() =>
        Assert.True(IssueRules.Validate(SampleIssue.Content, Known, markdown).IsValid);

    [Fact]
    public void EachProblemIsNamedByItsField()
    {
        var content = new IssueContent
        {
            Subject = "Ligne\r\nBcc: x@example.org",
            Editorial = "",
            Sections = [new IssueSection { Title = "", Link = "javascript:alert(1)" }],
            Audiences = ["inconnue"],
            Language = "de",
        };

        var errors = IssueRules.Validate(content, Known, markdown);

        Assert.Contains("subject", errors.Keys);
        Assert.Contains("editorial", errors.Keys);
        Assert.Contains("sections[0].title", errors.Keys);
        Assert.Contains("sections[0].link", errors.Keys);
        Assert.Contains("audiences", errors.Keys);
        Assert.Contains("language", errors.Keys);
    }

    [Theory]
    [InlineData("L'économie de l'alliance", "l-economie-de-l-alliance")]
    [InlineData("  <script>  ", "script")]
    [InlineData("ÉTÉ 2026 : 100 % alliances !", "ete-2026-100-alliances")]
    public void IdsAreReadableSlugs(string subject, string slug) => Assert.Equal(slug, IssueService.Slug(subject));
}
