using Outreach.Core.Audiences.Profiles;

namespace Outreach.Core.Subscriptions;

/// <summary>What a sign-up form or API call sends.</summary>
public sealed record SignupRequest
{
    public string? Email { get; init; }
    public string? FirstName { get; init; }
    public IReadOnlyList<string> Audiences { get; init; } = [];
    public bool Consent { get; init; }
    public string? Source { get; init; }

    /// <summary>The honeypot: a field people never see; bots fill it.</summary>
    public string? Website { get; init; }

    public string Language { get; init; } = "fr";

    /// <summary>The profile fields the form asks (last name, organisation, type de structure, custom fields), as typed.</summary>
    public SignupDetails Details { get; init; } = SignupDetails.None;
}

/// <summary>The wording people agree to; its version is stored with every consent record.</summary>
public static class ConsentWording
{
    public const string Version = "signup-2026-11";

    public static string Text(string language) => language == "en"
        ? "I agree to receive the selected newsletters by e-mail. I can unsubscribe at any time with the link in every message."
        : "J'accepte de recevoir par e-mail les lettres sélectionnées. Je peux me désinscrire à tout moment grâce au lien présent dans chaque message.";
}

public static class NameRules
{
    public const int MaxFirstNameLength = 100;

    /// <summary>A first name may hold letters, spaces and punctuation, never markup or line breaks.</summary>
    public static string? Check(string? firstName)
    {
        if (firstName is null) return null;
        if (firstName.Length > MaxFirstNameLength) return $"First name must be at most {MaxFirstNameLength} characters.";
        if (firstName.Any(char.IsControl)) return "First name must not contain line breaks or control characters.";
        if (firstName.IndexOfAny(['<', '>']) >= 0) return "First name must not contain < or >.";
        return null;
    }

    public static string? Clean(string? firstName) => string.IsNullOrWhiteSpace(firstName) ? null : firstName.Trim();
}

/// <summary>
/// The <c>source</c> a public form or API call may name: a short label of the form it came from (<c>signup-form</c>,
/// <c>salon-2026</c>), never free text, since anyone can send it and it is kept as part of the consent proof.
/// </summary>
public static partial class SourceRules
{
    public const int MaxLength = 40;

    public static string? Check(string? source) =>
        source is null || Label().IsMatch(source) ? null : $"Source must be a label of at most {MaxLength} lower-case letters, digits and hyphens.";

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$")]
    private static partial System.Text.RegularExpressions.Regex Label();
}
