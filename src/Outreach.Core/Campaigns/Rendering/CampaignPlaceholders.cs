using System.Text.RegularExpressions;

namespace Outreach.Core.Campaigns.Rendering;

/// <summary>
/// The per-recipient values a campaign may use, written <c>{{name}}</c> or <c>{{name|fallback}}</c> (the fallback
/// shows when the value is empty, e.g. <c>Bonjour {{firstName|à vous}}</c>). In HTML the value is HTML-encoded;
/// in the subject and the text part it is inserted as is. A personal link to something named in the mail carries its
/// argument after a colon: <c>{{oneClickUrl:session:{id}:newsletter}}</c> is the recipient's own signed one-click
/// registration link to that session (see <see cref="IPersonalLinks"/>).
/// </summary>
public static partial class CampaignPlaceholders
{
    public const string FirstName = "firstName";
    public const string Email = "email";
    public const string UnsubscribeUrl = "unsubscribeUrl";
    public const string PreferencesUrl = "preferencesUrl";
    public const string AudienceName = "audienceName";
    public const string OneClickUrl = "oneClickUrl";

    public static readonly IReadOnlyList<string> All = [FirstName, Email, UnsubscribeUrl, PreferencesUrl, AudienceName, OneClickUrl];

    /// <summary>A placeholder with its argument, as a template writes it: <c>{{oneClickUrl:session:abc:newsletter}}</c>.</summary>
    public static string Written(string name, string argument) => "{{" + name + ":" + argument + "}}";

    /// <summary>The placeholders written in <paramref name="text"/>, in order of appearance.</summary>
    public static IEnumerable<Placeholder> In(string text) =>
        Pattern().Matches(text).Select(Read);

    /// <summary>Names used in <paramref name="text"/> that are not placeholders (reported as errors on the draft).</summary>
    public static IEnumerable<string> Unknown(string text) =>
        In(text).Select(p => p.Name).Where(name => !All.Contains(name)).Distinct(StringComparer.Ordinal);

    public static bool Uses(string text, string name) => In(text).Any(p => p.Name == name);

    /// <summary>Replaces every placeholder through <paramref name="replacement"/>.</summary>
    public static string Replace(string text, Func<Placeholder, string> replacement) =>
        Pattern().Replace(text, m => replacement(Read(m)));

    private static Placeholder Read(Match m) => new(
        m.Value, m.Groups["name"].Value, m.Groups["fallback"].Success ? m.Groups["fallback"].Value.Trim() : null,
        m.Groups["argument"].Success ? m.Groups["argument"].Value : null);

    [GeneratedRegex(@"\{\{\s*(?<name>[A-Za-z][A-Za-z0-9]*)(?::(?<argument>[A-Za-z0-9._:-]+))?\s*(?:\|(?<fallback>[^{}|]*))?\}\}")]
    private static partial Regex Pattern();
}

/// <summary>
/// One placeholder as written: <c>{{firstName|à vous}}</c> has Name <c>firstName</c> and Fallback <c>à vous</c>;
/// <c>{{oneClickUrl:session:abc:newsletter}}</c> has Argument <c>session:abc:newsletter</c>.
/// </summary>
public sealed record Placeholder(string Written, string Name, string? Fallback, string? Argument = null);
