using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace Outreach.Functions.Http;

/// <summary>A request body read at the edge: parsed, or the reason it was refused (never an exception).</summary>
public sealed record BodyRead<T>(T? Value, string? Error)
{
    public bool Ok => Error is null;
}

/// <summary>Reads JSON and form bodies with a size limit, so no request can make a function read without end.</summary>
public static class RequestBody
{
    public const int DefaultMaxBytes = 64 * 1024;

    public static bool IsForm(HttpRequest request) =>
        request.ContentType is { } type && (type.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
                                            || type.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase));

    public static bool IsJson(HttpRequest request) =>
        request.ContentType is { } type && (type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
                                            || type.Contains("+json", StringComparison.OrdinalIgnoreCase));

    public static async Task<BodyRead<string>> ReadTextAsync(HttpRequest request, int maxBytes = DefaultMaxBytes, CancellationToken cancellationToken = default)
    {
        var bytes = await ReadBytesAsync(request, maxBytes, cancellationToken);
        if (!bytes.Ok) return new(null, bytes.Error);
        try
        {
            return new(new UTF8Encoding(false, true).GetString(bytes.Value.Span), null);
        }
        catch (DecoderFallbackException)
        {
            return new(null, "The body is not valid UTF-8.");
        }
    }

    /// <summary>
    /// The body's bytes, read once: into a buffer of the announced Content-Length when there is one (refused at once when
    /// it is over the limit), else in chunks up to the limit.
    /// </summary>
    public static async Task<BodyRead<ReadOnlyMemory<byte>>> ReadBytesAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken = default)
    {
        if (request.ContentLength > maxBytes) return new(default, TooLarge(maxBytes));
        if (request.ContentLength is { } announced)
        {
            var exact = new byte[announced];
            var filled = 0;
            int got;
            while (filled < exact.Length && (got = await request.Body.ReadAsync(exact.AsMemory(filled), cancellationToken)) > 0) filled += got;
            return new(exact.AsMemory(0, filled), null);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes) return new(default, TooLarge(maxBytes));
            buffer.Write(chunk, 0, read);
        }

        return new(buffer.ToArray(), null);
    }

    public static async Task<BodyRead<T>> ReadJsonAsync<T>(HttpRequest request, int maxBytes = DefaultMaxBytes, CancellationToken cancellationToken = default)
    {
        var text = await ReadTextAsync(request, maxBytes, cancellationToken);
        if (!text.Ok) return new(default, text.Error);
        try
        {
            var value = JsonSerializer.Deserialize<T>(text.Value!, ApiResults.Json);
            return value is null ? new(default, "The body must be a JSON object.") : new(value, null);
        }
        catch (JsonException e)
        {
            return new(default, $"The body is not valid JSON{(e.LineNumber is { } line ? $" (line {line + 1}, position {e.BytePositionInLine + 1})" : "")}.");
        }
    }

    public static async Task<BodyRead<FormFields>> ReadFormAsync(HttpRequest request, int maxBytes = DefaultMaxBytes, CancellationToken cancellationToken = default)
    {
        if (request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) == true)
        {
            if (request.ContentLength is null || request.ContentLength > maxBytes) return new(null, TooLarge(maxBytes));
            var form = await request.ReadFormAsync(cancellationToken);
            return new(new FormFields(form), null);
        }

        var text = await ReadTextAsync(request, maxBytes, cancellationToken);
        return text.Ok ? new(new FormFields(QueryHelpers.ParseQuery(text.Value)), null) : new(null, text.Error);
    }

    private static string TooLarge(int maxBytes) => $"The body is larger than {maxBytes / 1024} KB.";
}

/// <summary>A form as the functions read it: a field's value, all its values, whether a checkbox is ticked.</summary>
public sealed class FormFields(IEnumerable<KeyValuePair<string, StringValues>> fields) : Dictionary<string, StringValues>(fields)
{
    public string? Text(string name) => this.GetValueOrDefault(name).FirstOrDefault();

    /// <summary>The value, or null when the field is missing or left empty.</summary>
    public string? Optional(string name) => Text(name) is { Length: > 0 } value ? value : null;

    public IReadOnlyList<string> All(string name) => this.GetValueOrDefault(name).OfType<string>().ToList();

    public bool IsChecked(string name) => Text(name) is "on" or "true" or "yes" or "1";
}

/// <summary>Small readings of a request every adapter needs.</summary>
public static class RequestFacts
{
    public static string Language(this HttpRequest request, string? formValue = null) =>
        Outreach.Core.Common.Localization.Language.From(formValue ?? request.Query["lang"].FirstOrDefault());

    /// <summary>
    /// The client address as the platform saw it. Azure's front end appends the address of the connection it accepted to
    /// <c>X-Forwarded-For</c> (with its port), after whatever the client sent: the last hop is the platform's, every
    /// earlier one is the client's own claim. Without the header (the DevHost), the connection's address.
    /// </summary>
    public static string? ClientIp(this HttpRequest request)
    {
        var forwarded = string.Join(',', request.Headers["X-Forwarded-For"].OfType<string>());
        var hops = forwarded.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return hops.Length > 0 ? WithoutPort(hops[^1]) : request.HttpContext.Connection.RemoteIpAddress?.ToString();
    }

    /// <summary>"203.0.113.7:51234" → "203.0.113.7"; "[2001:db8::1]:443" → "2001:db8::1"; a bare IPv6 address stays as it is.</summary>
    private static string WithoutPort(string hop)
    {
        if (hop.StartsWith('[') && hop.IndexOf(']') is var close and > 0) return hop[1..close];
        return hop.Count(c => c == ':') == 1 ? hop[..hop.IndexOf(':')] : hop;
    }

    public static bool WantsHtml(this HttpRequest request) => request.Wants("html", "text/html");

    public static bool WantsCsv(this HttpRequest request) => request.Wants("csv", "text/csv");

    /// <summary>Asked by <c>?format=…</c> or by the Accept header.</summary>
    private static bool Wants(this HttpRequest request, string format, string mediaType) =>
        request.Query["format"] == format || request.Headers.Accept.Any(a => a?.Contains(mediaType, StringComparison.OrdinalIgnoreCase) == true);
}
