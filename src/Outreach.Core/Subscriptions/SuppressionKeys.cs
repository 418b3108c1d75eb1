using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Outreach.Core.Common.Configuration;

namespace Outreach.Core.Subscriptions;

/// <summary>
/// The key a suppression is kept under once the address itself is gone: HMAC-SHA256 of the contact key with the secret
/// <see cref="PrivacyOptions.SuppressionPepper"/>, 32 hex characters. Unlike the contact key (SHA-256 of the address,
/// which anyone can recompute from a list of addresses), it cannot be matched to an address without the pepper, and
/// it is computed from the contact key alone, so every check that holds a key (a mail link, a campaign batch) can
/// make it, and rows kept under the old unpeppered key can be re-keyed without knowing their address.
/// </summary>
public sealed class SuppressionKeys(IOptions<PrivacyOptions> options)
{
    private readonly byte[] pepper = Encoding.UTF8.GetBytes(options.Value.SuppressionPepper);

    public string Of(string contactKey) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(pepper, Encoding.UTF8.GetBytes(contactKey)))[..32];

    public string Of(EmailAddress address) => Of(address.Key);
}
