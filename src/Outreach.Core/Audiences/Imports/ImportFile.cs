using System.Text;
using System.Text.Unicode;
using CsvHelper;

namespace Outreach.Core.Audiences.Imports;

/// <summary>How a file was written: its encoding and the character between its values.</summary>
public sealed record ImportFormat(string Encoding, char Delimiter)
{
    public const string Utf8 = "utf-8";
    public const string Utf8Bom = "utf-8-bom";
    public const string Utf16 = "utf-16";
    public const string Windows1252 = "windows-1252";

    /// <summary>The delimiter as people name it: <c>,</c> <c>;</c> or <c>tab</c>.</summary>
    public string DelimiterName => Delimiter == '\t' ? "tab" : Delimiter.ToString();
}

/// <summary>One line of the file as written: its number (1 = the header), its values, or why it could not be read.</summary>
public sealed record CsvLine(int Line, IReadOnlyList<string> Values, string? Problem = null);

/// <summary>
/// Reads the files people have: UTF-8 with or without BOM, UTF-16 (Excel's "Unicode text") or Windows-1252 (Excel's
/// "CSV" on a French Windows), separated by <c>,</c> <c>;</c> or tabs (detected), with or without Excel's <c>sep=</c> line.
/// </summary>
public static class ImportFile
{
    static ImportFile() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The encoding of the bytes: a byte order mark says it; otherwise UTF-8 when they are valid UTF-8, else Windows-1252.</summary>
    public static string DetectEncoding(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? ImportFormat.Utf8Bom
        : bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) ? ImportFormat.Utf16
        : Utf8.IsValid(bytes) ? ImportFormat.Utf8
        : ImportFormat.Windows1252;

    /// <summary>
    /// The lines of the file, the header first, and how it was written. A quoted value must close on its own line: one
    /// that does not (an unterminated quote) makes that line invalid and reading goes on with the next, so one stray
    /// quote never swallows the rest of a file. A quote inside an unquoted value (Jean "Jo" Dupont) is kept as written.
    /// </summary>
    public static (ImportFormat Format, IEnumerable<CsvLine> Lines) Open(ReadOnlyMemory<byte> file)
    {
        var encoding = DetectEncoding(file.Span);
        var reader = CsvReader.Create(file, Options(encoding, out var problems));
        var format = new ImportFormat(encoding, reader.Separator == '\0' ? ',' : reader.Separator);
        return (format, Lines(reader, problems));
    }

    private static IEnumerable<CsvLine> Lines(CsvReader reader, Dictionary<long, string> problems)
    {
        using (reader)
        {
            while (reader.Read())
            {
                var line = (int)reader.LineNumber;
                var problem = problems.Remove(line, out var found) ? found : null;
                yield return new CsvLine(line, reader.Current.ToArray(), problem);
            }
        }
    }

    private static CsvReaderOptions Options(string encoding, out Dictionary<long, string> problems)
    {
        var found = problems = [];
        return new CsvReaderOptions
        {
            HasHeader = false,
            AllowLineBreaksInQuotes = false,
            TrackLineNumbers = true,
            MalformedData = CsvMalformedDataHandling.Recover,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            Encoding = encoding == ImportFormat.Windows1252 ? Encoding.GetEncoding(1252) : null,
            OnMalformedRecord = record =>
            {
                if (record.Reason is CsvMalformedReason.LineBreakInQuotes or CsvMalformedReason.UnterminatedQuote)
                    found[record.LineNumber] = "a quoted value is not closed on its line (unterminated quote)";
            },
        };
    }
}
