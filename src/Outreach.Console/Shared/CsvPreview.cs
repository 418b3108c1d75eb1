namespace Outreach.Console.Shared;

/// <summary>
/// What a CSV file looks like before anything is written: its delimiter (the most frequent of <c>,</c> <c>;</c> tab
/// in the header), its header and its first rows. Only a glance: the API reads the file itself and is the judge.
/// </summary>
public sealed record CsvPreview(char Delimiter, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows, int Lines)
{
    public const int ShownRows = 5;

    public static CsvPreview Of(string text)
    {
        var lines = text.Split('\n').Select(line => line.TrimEnd('\r')).Where(line => line.Length > 0).ToList();
        if (lines.Count == 0)
        {
            return new CsvPreview(',', [], [], 0);
        }

        var delimiter = new[] { ',', ';', '\t' }.OrderByDescending(d => lines[0].Count(c => c == d)).First();
        var rows = lines.Skip(1).Take(ShownRows).Select(line => (IReadOnlyList<string>)Split(line, delimiter)).ToList();
        return new CsvPreview(delimiter, Split(lines[0], delimiter), rows, lines.Count - 1);
    }

    private static List<string> Split(string line, char delimiter)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '"' && quoted && i + 1 < line.Length && line[i + 1] == '"')
            {
                cell.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == delimiter && !quoted)
            {
                cells.Add(cell.ToString().Trim());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }

        cells.Add(cell.ToString().Trim());
        return cells;
    }
}
