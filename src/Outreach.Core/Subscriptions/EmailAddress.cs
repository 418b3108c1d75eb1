using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Outreach.Core.Subscriptions;

/// <summary>A syntactically valid, normalised e-mail address and the key it is stored under.</summary>
public sealed partial record EmailAddress
{
    public const int MaxLength = 254;
    private static readonly IdnMapping Idn = new();

    private EmailAddress(string value) => Value = value;

    /// <summary>Trimmed, lower-cased, domain in ASCII (punycode).</summary>
    public string Value { get; }

    /// <summary>The stored key: SHA-256 of the normalised address, 32 hex characters. An erasure keeps none of it: see <see cref="SuppressionKeys"/>.</summary>
    public string Key => KeyOf(Value);

    public override string ToString() => Value;

    public static bool TryParse(string? text, out EmailAddress address)
    {
        address = null!;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var trimmed = text.Trim();
        if (trimmed.Length > MaxLength || trimmed.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))) return false;

        var at = trimmed.LastIndexOf('@');
        if (at <= 0 || at == trimmed.Length - 1) return false;
        var local = trimmed[..at];
        string domain;
        try
        {
            domain = Idn.GetAscii(trimmed[(at + 1)..]).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return false;
        }

        if (local.Length > 64 || !LocalPart().IsMatch(local) || !Domain().IsMatch(domain)) return false;
        address = new EmailAddress(local.ToLowerInvariant() + "@" + domain);
        return address.Value.Length <= MaxLength;
    }

    public static string KeyOf(string normalisedAddress) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalisedAddress)))[..32];

    // RFC 5322 dot-atom (no quoted strings, which real sign-up forms never need).
    [GeneratedRegex(@"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")]
    private static partial Regex LocalPart();

    [GeneratedRegex(@"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex Domain();
}
