using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace Outreach.Core.Accounts;

/// <summary>
/// Who sends a request: the person App Service authentication signed in, else the named API key presented.
/// <c>X-MS-CLIENT-PRINCIPAL</c> is believed only when the platform says authentication is on
/// (<c>WEBSITE_AUTH_ENABLED=True</c>, set by App Service itself; the DevHost, which emulates the platform, sets it too):
/// only then does something in front of the app strip what a client sent. Anywhere else the header is ignored.
/// </summary>
public sealed class CallerIdentification(ApiKeys keys, IConfiguration configuration)
{
    public const string PlatformAuthenticationSetting = "WEBSITE_AUTH_ENABLED";

    public bool PlatformAuthenticationIsOn =>
        string.Equals(configuration[PlatformAuthenticationSetting], "true", StringComparison.OrdinalIgnoreCase);

    public async Task<Caller?> IdentifyAsync(HttpRequest request, CancellationToken cancellationToken = default)
    {
        if (PlatformAuthenticationIsOn && ClientPrincipal.Read(request.Headers[ClientPrincipal.HeaderName].FirstOrDefault()) is { } person)
            return person.AsCaller();

        var presented = request.Headers[ApiKeys.HeaderName].FirstOrDefault() ?? request.Query[ApiKeys.QueryName].FirstOrDefault();
        return await keys.AuthenticateAsync(presented, cancellationToken);
    }
}
