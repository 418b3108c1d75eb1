using Outreach.Core.Audiences;

namespace Outreach.UnitTests.Audiences;

public class CsvTests
{
    private static async Task<List<IReadOnlyList<string>>> Read(string text)
    {
        var rows = new List<IReadOnlyList<string>>();
        await foreach (var row in Csv.ReadAsync(new StringReader(text))) rows.Add(row);
        return rows;
    }

    [Fact]
    public async Task Reads_quoted_fields_with_commas_quotes_and_line_breaks()
    {
        var rows = await Read("email,firstName\r\n\"a@example.org\",\"Dupont, \"\"Jo\"\"\"\nb@example.org,\"two\nlines\"\n");

        Assert.Equal(3, rows.Count);
        Assert.Equal(["a@example.org", "Dupont, \"Jo\""], rows[1]);
        Assert.Equal(["b@example.org", "two\nlines"], rows[2]);
    }

    [Fact]
    public async Task A_last_line_without_newline_is_read() =>
        Assert.Equal(["x@example.org", "X"], (await Read("email,firstName\nx@example.org,X"))[1]);

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("+33 1 23", "'+33 1 23")]
    public void Writes_fields_safely_for_spreadsheets(string value, string expected) => Assert.Equal(expected, Csv.Field(value));
}
