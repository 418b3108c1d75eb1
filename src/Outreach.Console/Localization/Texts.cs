using System.Reflection;
using System.Text.Json;
using Microsoft.JSInterop;

namespace Outreach.Console.Localization;

/// <summary>
/// The console's strings, one JSON file per language (Localization/fr.json, Localization/en.json, embedded in the assembly).
/// French first; the choice is kept in the browser. Changing language re-renders every page that listens.
/// </summary>
public sealed class Texts(IJSRuntime js)
{
    public static readonly IReadOnlyList<string> Languages = ["fr", "en"];

    private static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> All = Languages.ToDictionary(language => language, Load);

    public string Language { get; private set; } = "fr";

    public event Action? Changed;

    /// <summary>The string for <paramref name="key"/> in the current language (the key itself when it is missing, so a gap shows).</summary>
    public string this[string key] => All[Language].TryGetValue(key, out var text) ? text : key;

    /// <summary>Whether there is a string for <paramref name="key"/> (for names that come from the data, such as a registration's source).</summary>
    public bool Has(string key) => All[Language].ContainsKey(key);

    /// <summary>The string with its {0}, {1}… placeholders filled.</summary>
    public string Format(string key, params object?[] values) => string.Format(Culture, this[key], values);

    public System.Globalization.CultureInfo Culture => System.Globalization.CultureInfo.GetCultureInfo(Language == "en" ? "en-GB" : "fr-FR");

    /// <summary>Switches language, remembers it in this browser and sets the page's <c>lang</c>.</summary>
    public async Task UseAsync(string language)
    {
        if (!Languages.Contains(language))
        {
            return;
        }

        await js.InvokeVoidAsync("outreachConsole.useLanguage", language);
        if (language != Language)
        {
            Language = language;
            Changed?.Invoke();
        }
    }

    /// <summary>Every key of every language, for the test that checks both files say the same things.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyCollection<string>> KeysByLanguage() =>
        All.ToDictionary(pair => pair.Key, pair => (IReadOnlyCollection<string>)pair.Value.Keys.ToArray());

    private static IReadOnlyDictionary<string, string> Load(string language)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Outreach.Console.Localization.{language}.json")
            ?? throw new InvalidOperationException($"Localization/{language}.json is not embedded.");
        return JsonSerializer.Deserialize(stream, Api.ConsoleJson.Default.DictionaryStringString)!;
    }
}
