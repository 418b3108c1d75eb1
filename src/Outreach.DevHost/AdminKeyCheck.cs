using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Outreach.Core.Common.Configuration;

namespace Outreach.DevHost;

/// <summary>
/// Stands in for Azure's function keys: a function with an authorization level other than Anonymous needs
/// <c>Admin:ApiKey</c> in the <c>x-functions-key</c> header or the <c>code</c> query parameter.
/// </summary>
public sealed class AdminKeyCheck(IOptions<AdminOptions> options)
{
    public const string HeaderName = "x-functions-key";
    public const string QueryName = "code";

    public bool IsAuthorized(HttpRequest request)
    {
        var expected = options.Value.ApiKey;
        if (string.IsNullOrEmpty(expected))
        {
            return false;
        }

        string? presented = request.Headers[HeaderName].FirstOrDefault() ?? request.Query[QueryName].FirstOrDefault();
        return presented is not null && FixedTimeEquals(presented, expected);
    }

    private static bool FixedTimeEquals(string presented, string expected) =>
        // Hashing first gives equal lengths, so neither content nor length leaks through timing.
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
