using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Outreach.Core.Common.Configuration;

namespace Outreach.Core.Common.Links;

/// <summary>What a mail link is allowed to do. A token signed for one purpose is refused for any other.</summary>
public enum TokenPurpose
{
    Confirm,
    Unsubscribe,
    Preferences,

    /// <summary>Manage (cancel) one's registration to a webinar session; scope = the session id.</summary>
    EventRegistration,

    /// <summary>Confirm one's place in a session with a limited number of seats; scope = the session id.</summary>
    EventSeat,

    /// <summary>A registrant's personal join link: redirects to the session's video link; scope = the session id.</summary>
    Join,

    /// <summary>Register to a session or a series from a mail in one click; scope = <see cref="OneClickScope"/> (target, id, source mail).</summary>
    OneClickRegistration,
}

/// <summary>The verified content of a link token.</summary>
/// <param name="Scope">Purpose-specific detail, e.g. the audience an unsubscribe link is for (<c>*</c> for all).</param>
public sealed record LinkToken(TokenPurpose Purpose, string ContactKey, string Scope, DateTimeOffset? ExpiresAt);

public enum TokenCheck
{
    Valid,
    Malformed,
    BadSignature,
    WrongPurpose,
    Expired,
}

/// <summary>
/// Signs and verifies the tokens carried by mail links (HMAC-SHA256).
/// Format: base64url("v1|purpose|contactKey|scope|expiryUnixSeconds or empty") "." base64url(hmac).
/// </summary>
public sealed class LinkTokens(IOptions<TokenOptions> options, TimeProvider clock)
{
    private const string Version = "v1";
    private readonly byte[] key = Encoding.UTF8.GetBytes(options.Value.SigningKey);
    private readonly TimeSpan confirmationValidity = TimeSpan.FromDays(options.Value.ConfirmationValidityDays);
    private readonly TimeSpan preferencesValidity = TimeSpan.FromDays(options.Value.PreferencesValidityDays);

    public string ForConfirmation(string contactKey) =>
        Sign(new LinkToken(TokenPurpose.Confirm, contactKey, "", clock.GetUtcNow() + confirmationValidity));

    /// <summary>The "confirm my place" link of a limited session: valid as long as a sign-up confirmation.</summary>
    public string ForEventSeat(string contactKey, string sessionId) =>
        Sign(new LinkToken(TokenPurpose.EventSeat, contactKey, sessionId, clock.GetUtcNow() + confirmationValidity));

    /// <summary>A one-click registration link: valid until <paramref name="expiresAt"/> (the end of the session, or of the series' last one).</summary>
    public string ForOneClickRegistration(string contactKey, OneClickScope scope, DateTimeOffset expiresAt) =>
        Sign(new LinkToken(TokenPurpose.OneClickRegistration, contactKey, scope.ToString(), expiresAt));

    public string ForUnsubscribe(string contactKey, string audienceId) =>
        Sign(new LinkToken(TokenPurpose.Unsubscribe, contactKey, audienceId, null));

    /// <summary>Bounded: every mail carries a fresh one, and an old one (forwarded, archived) stops working.</summary>
    public string ForPreferences(string contactKey) =>
        Sign(new LinkToken(TokenPurpose.Preferences, contactKey, "", clock.GetUtcNow() + preferencesValidity));

    public string Sign(LinkToken token)
    {
        var expiry = token.ExpiresAt?.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "";
        var payload = Encoding.UTF8.GetBytes(string.Join('|', Version, token.Purpose, token.ContactKey, token.Scope, expiry));
        return Base64Url.Encode(payload) + "." + Base64Url.Encode(HMACSHA256.HashData(key, payload));
    }

    /// <summary>
    /// Checks a token. <paramref name="token"/> is set when the check is <see cref="TokenCheck.Valid"/>, and also when it is
    /// <see cref="TokenCheck.Expired"/> (the signature is ours), so an old link can offer to mail a fresh one.
    /// </summary>
    public TokenCheck Verify(string? text, TokenPurpose expectedPurpose, out LinkToken? token)
    {
        token = null;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 1024) return TokenCheck.Malformed;
        var dot = text.IndexOf('.');
        if (dot <= 0 || dot == text.Length - 1) return TokenCheck.Malformed;
        if (!Base64Url.TryDecode(text[..dot], out var payload) || !Base64Url.TryDecode(text[(dot + 1)..], out var signature))
            return TokenCheck.Malformed;
        if (!CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(key, payload), signature))
            return TokenCheck.BadSignature;

        var parts = Encoding.UTF8.GetString(payload).Split('|');
        if (parts.Length != 5 || parts[0] != Version || !Enum.TryParse<TokenPurpose>(parts[1], out var purpose))
            return TokenCheck.Malformed;
        if (purpose != expectedPurpose) return TokenCheck.WrongPurpose;

        DateTimeOffset? expiresAt = null;
        if (parts[4].Length > 0)
        {
            if (!long.TryParse(parts[4], out var seconds)) return TokenCheck.Malformed;
            expiresAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
        }

        token = new LinkToken(purpose, parts[2], parts[3], expiresAt);
        return clock.GetUtcNow() > expiresAt ? TokenCheck.Expired : TokenCheck.Valid;
    }
}

internal static class Base64Url
{
    public static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool TryDecode(string text, out byte[] bytes)
    {
        bytes = [];
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += (padded.Length % 4) switch { 2 => "==", 3 => "=", 0 => "", _ => "!" };
        if (padded.EndsWith('!')) return false;
        try
        {
            bytes = Convert.FromBase64String(padded);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
