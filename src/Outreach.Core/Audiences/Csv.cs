namespace Outreach.Core.Audiences;

/// <summary>Writing CSV for spreadsheets (reading goes through <see cref="Imports.ImportFile"/>).</summary>
public static class Csv
{
    /// <summary>One CSV field; values a spreadsheet would run as a formula get a leading apostrophe.</summary>
    public static string Field(string? value)
    {
        var text = value ?? "";
        if (text.Length > 0 && "=+-@\t\r".Contains(text[0])) text = "'" + text;
        return text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;
    }
}
