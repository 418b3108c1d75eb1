using System.Security.Cryptography;
using System.Text;

namespace Outreach.Core.Newsletters;

/// <summary>A content item the digests pick up: something the organisation published, tagged for audiences.</summary>
public sealed record Article
{
    public required string Title { get; init; }
    public string Summary { get; init; } = "";
    public required string Url { get; init; }
    public required IReadOnlyList<string> Audiences { get; init; }
    public required DateTimeOffset PublishedAt { get; init; }

    /// <summary>When it entered Outreach.</summary>
    public DateTimeOffset ReceivedAt { get; init; }

    /// <summary><c>api</c>, or the feed URL it came from.</summary>
    public string Source { get; init; } = "api";

    /// <summary>The id, derived from the link: one article per link.</summary>
    public string Id => ArticleLinks.KeyOf(Url);

    /// <summary>From when digests include it: its publication time, or its arrival when it arrived later.</summary>
    public DateTimeOffset AvailableAt => PublishedAt > ReceivedAt ? PublishedAt : ReceivedAt;
}

/// <summary>The one form of a link that deduplication compares: absolute, no fragment, host lower-cased.</summary>
public static class ArticleLinks
{
    public static string? Normalise(string? url)
    {
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")) return null;
        var builder = new UriBuilder(uri) { Fragment = "" };
        if (builder.Uri.IsDefaultPort) builder.Port = -1;
        return builder.Uri.AbsoluteUri;
    }

    public static string KeyOf(string url) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Normalise(url) ?? url)))[..32];
}
