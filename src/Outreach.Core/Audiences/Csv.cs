using System.Text;

namespace Outreach.Core.Audiences;

/// <summary>RFC 4180 CSV: quoted fields, doubled quotes, commas, CRLF or LF. Reads record by record from a stream.</summary>
public static class Csv
{
    public static async IAsyncEnumerable<IReadOnlyList<string>> ReadAsync(TextReader reader, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var buffer = new char[8192];
        int read;
        var previous = '\0';
        var any = false;
        while ((read = await reader.ReadAsync(buffer, cancellationToken)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                var c = buffer[i];
                any = true;
                if (quoted)
                {
                    if (c == '"') quoted = false;
                    else field.Append(c);
                }
                else if (c == '"')
                {
                    if (previous == '"') field.Append('"');
                    quoted = true;
                }
                else if (c == ',')
                {
                    fields.Add(field.ToString());
                    field.Clear();
                }
                else if (c is '\n' or '\r')
                {
                    if (!(c == '\n' && previous == '\r'))
                    {
                        fields.Add(field.ToString());
                        field.Clear();
                        yield return fields;
                        fields = [];
                        any = false;
                    }
                }
                else
                {
                    field.Append(c);
                }

                previous = c;
            }
        }

        if (any || fields.Count > 0 || field.Length > 0)
        {
            fields.Add(field.ToString());
            yield return fields;
        }
    }

    /// <summary>One CSV field; values a spreadsheet would run as a formula get a leading apostrophe.</summary>
    public static string Field(string? value)
    {
        var text = value ?? "";
        if (text.Length > 0 && "=+-@\t\r".Contains(text[0])) text = "'" + text;
        return text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;
    }
}
