using System.Text;
using System.Text.Json;
using Json.Schema;

namespace Outreach.TestSupport;

/// <summary>
/// Checks a <c>mail/send</c> body against SendGrid's official request schema (../shared/specs, copied beside this file and into the output of every project that uses it)
/// and against the rules SendGrid enforces beyond it (content order, recipients per request, substitution size, reserved headers).
/// </summary>
public static class SendGridSchema
{
    public const string FileName = "sendgrid-mail-send.schema.json";

    private static readonly Lazy<JsonSchema> Schema = new(Load);
    private static readonly string[] ReservedHeaders =
        ["x-sg-id", "x-sg-eid", "received", "dkim-signature", "content-type", "content-transfer-encoding", "to", "from", "subject", "reply-to", "cc", "bcc"];

    /// <summary>What is wrong with the body; empty when SendGrid would take it.</summary>
    public static IReadOnlyList<string> Problems(string body)
    {
        using var json = JsonDocument.Parse(body);
        var problems = new List<string>();
        var result = Schema.Value.Evaluate(json.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        if (!result.IsValid)
        {
            foreach (var detail in result.Details ?? [])
                foreach (var (keyword, error) in detail.Errors ?? new Dictionary<string, string>())
                    problems.Add($"{detail.InstanceLocation} ({keyword}): {error}");
            if (problems.Count == 0) problems.Add("The body does not validate against the schema.");
        }

        problems.AddRange(BeyondTheSchema(json.RootElement));
        return problems;
    }

    private static IEnumerable<string> BeyondTheSchema(JsonElement root)
    {
        if (root.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Array)
        {
            var types = content.EnumerateArray().Select(c => c.TryGetProperty("type", out var t) ? t.GetString() : null).ToList();
            var plain = types.IndexOf("text/plain");
            var html = types.IndexOf("text/html");
            if (plain >= 0 && html >= 0 && html < plain) yield return "content: text/plain must come before text/html.";
        }

        if (!root.TryGetProperty("personalizations", out var personalizations) || personalizations.ValueKind != JsonValueKind.Array) yield break;
        var recipients = 0;
        var index = 0;
        foreach (var p in personalizations.EnumerateArray())
        {
            foreach (var field in new[] { "to", "cc", "bcc" })
                if (p.TryGetProperty(field, out var list) && list.ValueKind == JsonValueKind.Array) recipients += list.GetArrayLength();
            if (p.TryGetProperty("substitutions", out var substitutions) && Bytes(substitutions) > 10_000)
                yield return $"personalizations[{index}].substitutions exceed 10,000 bytes.";
            if (p.TryGetProperty("custom_args", out var args) && Bytes(args) > 10_000)
                yield return $"personalizations[{index}].custom_args exceed 10,000 bytes.";
            if (p.TryGetProperty("headers", out var headers))
                foreach (var header in headers.EnumerateObject().Where(h => ReservedHeaders.Contains(h.Name.ToLowerInvariant())))
                    yield return $"personalizations[{index}].headers: {header.Name} may not be set.";
            index++;
        }

        if (recipients > 1000) yield return $"{recipients} recipients in one request (SendGrid allows 1000).";
    }

    private static int Bytes(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object ? element.EnumerateObject().Sum(p => Encoding.UTF8.GetByteCount(p.Name) + Encoding.UTF8.GetByteCount(p.Value.ToString())) : 0;

    private static JsonSchema Load()
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, FileName));
        // The file declares draft-04, which JsonSchema.Net does not implement; every keyword it uses (type, properties,
        // required, items, maxItems, minLength, maxLength, uniqueItems, format, $ref to definitions) means the same in draft-07.
        text = text.Replace("http://json-schema.org/draft-04/schema#", "http://json-schema.org/draft-07/schema#", StringComparison.Ordinal);
        return JsonSchema.FromText(text);
    }
}
