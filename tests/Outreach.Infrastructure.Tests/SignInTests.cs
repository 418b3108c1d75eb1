using System.Text.Json.Nodes;
using Outreach.Core.Accounts;

namespace Outreach.Infrastructure.Tests;

/// <summary>
/// The compiled template puts App Service authentication (Easy Auth) with Microsoft Entra ID in front of the app and
/// lets unauthenticated requests through, which the public pages, forms, mail links and the webhook need.
/// </summary>
public sealed class SignInTests
{
    private static JsonObject AuthSettings()
    {
        var matches = CompiledTemplate.Current.OfType("Microsoft.Web/sites/config")
            .Where(r => ((string?)r["name"])?.Contains("authsettingsV2", StringComparison.Ordinal) == true)
            .ToList();
        Assert.True(matches.Count == 1, $"Expected one authsettingsV2 config resource, found {matches.Count}.");
        return matches[0]["properties"]!.AsObject();
    }

    [Fact]
    public void Easy_Auth_is_on_with_Entra_ID_and_lets_unauthenticated_requests_through()
    {
        var auth = AuthSettings();
        Assert.True(auth["platform"]!["enabled"]!.GetValue<bool>());
        Assert.False(auth["globalValidation"]!["requireAuthentication"]!.GetValue<bool>());
        Assert.Equal("AllowAnonymous", (string?)auth["globalValidation"]!["unauthenticatedClientAction"]);

        var entra = auth["identityProviders"]!["azureActiveDirectory"]!;
        Assert.True(entra["enabled"]!.GetValue<bool>());
        var registration = entra["registration"]!;
        Assert.Contains("entraClientId", (string?)registration["clientId"], StringComparison.Ordinal);
        var issuer = (string?)registration["openIdIssuer"];
        Assert.Contains("loginEndpoint", issuer, StringComparison.Ordinal);
        Assert.Contains("/v2.0", issuer, StringComparison.Ordinal);
        Assert.True(auth["httpSettings"]!["requireHttps"]!.GetValue<bool>());
    }

    [Fact]
    public void The_client_secret_comes_from_Key_Vault_and_the_app_never_sets_the_platforms_own_flag()
    {
        var settingName = (string?)AuthSettings()["identityProviders"]!["azureActiveDirectory"]!["registration"]!["clientSecretSettingName"];
        Assert.False(string.IsNullOrEmpty(settingName));
        var settings = AppSettingsTests.AppSettings();
        Assert.Contains("@Microsoft.KeyVault(SecretUri=", settings[settingName!], StringComparison.Ordinal);

        // WEBSITE_AUTH_ENABLED is how the platform tells the app that it strips and sets X-MS-CLIENT-PRINCIPAL:
        // an app setting of that name would make the app believe a header nobody vouches for.
        Assert.DoesNotContain("WEBSITE_AUTH_ENABLED", settings.Keys, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_app_roles_to_declare_in_Entra_ID_are_the_roles_the_app_knows()
    {
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryLayout.Infra.FullName, "entra", "app-roles.json")))!.AsArray();
        Assert.Equal(Roles.All, manifest.Select(role => (string)role!["value"]!).ToList());
        Assert.All(manifest, role =>
        {
            Assert.True(Guid.TryParse((string?)role!["id"], out _), $"{role["value"]}: an app role needs a GUID id");
            Assert.True(role["isEnabled"]!.GetValue<bool>());
            Assert.Equal(["User"], role["allowedMemberTypes"]!.AsArray().Select(t => (string)t!).ToList());
        });
        Assert.Equal(manifest.Count, manifest.Select(role => (string?)role!["id"]).Distinct().Count());
    }
}
