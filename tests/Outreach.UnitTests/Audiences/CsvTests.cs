using Outreach.Core.Audiences;

namespace Outreach.UnitTests.Audiences;

public class CsvTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("+33 1 23", "'+33 1 23")]
    public void Writes_fields_safely_for_spreadsheets(string value, string expected) => Assert.Equal(expected, Csv.Field(value));
}
