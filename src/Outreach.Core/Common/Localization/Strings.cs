using System.Collections.Frozen;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.Localization;

namespace Outreach.Core.Common.Localization;

/// <summary>
/// The wording of pages and mails, one JSON file per language (<c>Strings/fr.json</c>, <c>Strings/en.json</c>), read once.
/// <see cref="For"/> gives an <see cref="IStringLocalizer"/> for one language; a missing English key falls back to French,
/// a missing French key shows the key itself (and a test fails).
/// </summary>
public sealed class Strings
{
    public static readonly Strings Shared = new();

    private readonly FrozenDictionary<string, FrozenDictionary<string, string>> byLanguage;

    private Strings()
    {
        byLanguage = new[] { "fr", "en" }.ToFrozenDictionary(language => language, Load);
    }

    public IReadOnlyCollection<string> Languages => byLanguage.Keys;

    public IStringLocalizer For(string language) => new Localizer(this, language == "en" ? "en" : "fr");

    /// <summary>Every key and its wording in one language (for tests and for mail templates).</summary>
    public IReadOnlyDictionary<string, string> All(string language) => byLanguage[language == "en" ? "en" : "fr"];

    private string? Find(string language, string key) =>
        byLanguage[language].TryGetValue(key, out var value) || byLanguage["fr"].TryGetValue(key, out value) ? value : null;

    private static FrozenDictionary<string, string> Load(string language)
    {
        var assembly = typeof(Strings).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith($".Strings.{language}.json", StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(name)!;
        return JsonSerializer.Deserialize<Dictionary<string, string>>(stream)!.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private sealed class Localizer(Strings strings, string language) : IStringLocalizer
    {
        public LocalizedString this[string name] => strings.Find(language, name) is { } value
            ? new LocalizedString(name, value)
            : new LocalizedString(name, name, resourceNotFound: true);

        public LocalizedString this[string name, params object[] arguments] => this[name] is { ResourceNotFound: false } found
            ? new LocalizedString(name, string.Format(Language.Culture(language), found.Value, arguments))
            : this[name];

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) =>
            strings.All(language).Select(pair => new LocalizedString(pair.Key, pair.Value));
    }
}
