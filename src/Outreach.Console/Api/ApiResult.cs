using System.Net;
using System.Text.Json;

namespace Outreach.Console.Api;

/// <summary>An RFC 9457 problem from the admin API, or a network failure (status 0).</summary>
public sealed record ApiProblem(int Status, string Title, string? Detail, IReadOnlyDictionary<string, string[]> Errors)
{
    public static ApiProblem Network(string detail) => new(0, "network", detail, new Dictionary<string, string[]>());

    public bool IsNetwork => Status == 0;

    /// <summary>Where a template's parser stopped, when the problem says (the mail-template routes do).</summary>
    public int? Line { get; init; }

    public int? Column { get; init; }

    public bool IsForbidden => Status == (int)HttpStatusCode.Forbidden;

    /// <summary>The message for one field, matched case-insensitively (the API names fields in camelCase).</summary>
    public string? For(string field) =>
        Errors.FirstOrDefault(pair => pair.Key.Equals(field, StringComparison.OrdinalIgnoreCase)).Value is { Length: > 0 } messages
            ? string.Join(" ", messages)
            : null;

    public static async Task<ApiProblem> ReadAsync(HttpResponseMessage response)
    {
        try
        {
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var root = json.RootElement;
            var errors = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
            if (root.TryGetProperty("errors", out var fields) && fields.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in fields.EnumerateObject())
                {
                    errors[field.Name] = field.Value.ValueKind == JsonValueKind.Array
                        ? field.Value.EnumerateArray().Select(message => message.ToString()).ToArray()
                        : [field.Value.ToString()];
                }
            }

            return new ApiProblem((int)response.StatusCode, Text(root, "title") ?? response.ReasonPhrase ?? "", Text(root, "detail"), errors)
            {
                Line = Number(root, "line"),
                Column = Number(root, "column"),
            };
        }
        catch (JsonException)
        {
            return new ApiProblem((int)response.StatusCode, response.ReasonPhrase ?? "", null, new Dictionary<string, string[]>());
        }
    }

    private static int? Number(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;

    private static string? Text(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>What an API call gave: a value, or the problem that stopped it.</summary>
public sealed record ApiResult<T>(T? Value, ApiProblem? Problem)
{
    public bool Ok => Problem is null;
}
