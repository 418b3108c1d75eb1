using System.Text.RegularExpressions;
using Outreach.Core.Common.Localization;

namespace Outreach.UnitTests.Common.Localization;

[Trait("Category", "Unit")]
public partial class StringsTests
{
    [Fact]
    public void French_and_English_have_the_same_keys()
    {
        var french = Strings.Shared.All("fr").Keys.ToHashSet();
        var english = Strings.Shared.All("en").Keys.ToHashSet();

        Assert.Empty(french.Except(english));
        Assert.Empty(english.Except(french));
    }

    [Theory]
    [InlineData("fr")]
    [InlineData("en")]
    public void No_wording_is_empty(string language) =>
        Assert.Empty(Strings.Shared.All(language).Where(pair => string.IsNullOrWhiteSpace(pair.Value)).Select(pair => pair.Key));

    [Fact]
    public void A_key_takes_the_same_arguments_in_both_languages()
    {
        var english = Strings.Shared.All("en");
        var mismatched = Strings.Shared.All("fr")
            .Where(pair => !Arguments(pair.Value).SetEquals(Arguments(english[pair.Key])))
            .Select(pair => pair.Key);

        Assert.Empty(mismatched);
    }

    private static HashSet<string> Arguments(string wording) => Argument().Matches(wording).Select(m => m.Value).ToHashSet();

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Argument();
}
