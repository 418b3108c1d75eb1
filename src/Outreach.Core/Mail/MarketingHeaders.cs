using System.Text;
using Microsoft.Extensions.Options;
using Outreach.Core.Common.Configuration;

namespace Outreach.Core.Mail;

/// <summary>
/// The headers every marketing message carries: <c>List-Unsubscribe</c> (HTTPS and, when configured, mailto),
/// <c>List-Unsubscribe-Post: List-Unsubscribe=One-Click</c> (RFC 8058) and <c>List-Id</c> (RFC 2919).
/// </summary>
public sealed class MarketingHeaders(IOptions<MailOptions> options)
{
    public const string ListUnsubscribe = "List-Unsubscribe";
    public const string ListUnsubscribePost = "List-Unsubscribe-Post";
    public const string ListId = "List-Id";
    public const string OneClick = "List-Unsubscribe=One-Click";

    public Dictionary<string, string> For(string unsubscribeUrl, string audienceId, string audienceName) => new()
    {
        [ListUnsubscribe] = UnsubscribeValue(unsubscribeUrl),
        [ListUnsubscribePost] = OneClick,
        [ListId] = ListIdValue(audienceId, audienceName),
    };

    /// <summary>Just the per-recipient <c>List-Unsubscribe</c> value.</summary>
    public string UnsubscribeValue(string unsubscribeUrl)
    {
        var mailbox = options.Value.UnsubscribeMailbox;
        return string.IsNullOrWhiteSpace(mailbox)
            ? $"<{unsubscribeUrl}>"
            : $"<{unsubscribeUrl}>, <mailto:{mailbox}?subject=unsubscribe>";
    }

    /// <summary>The <c>List-Id</c> value for an audience; the display phrase keeps ASCII only so every transport carries it as is.</summary>
    public string ListIdValue(string audienceId, string audienceName)
    {
        var phrase = AsciiPhrase(audienceName);
        var id = $"<{audienceId}.{options.Value.ListIdDomain}>";
        return phrase.Length > 0 ? $"\"{phrase}\" {id}" : id;
    }

    private static string AsciiPhrase(string name)
    {
        var decomposed = name.Normalize(NormalizationForm.FormD);
        var ascii = new StringBuilder();
        foreach (var c in decomposed)
        {
            if (c < 128 && c != '"' && c != '\\' && !char.IsControl(c)) ascii.Append(c);
        }

        return ascii.ToString().Trim();
    }
}
