using System.Text.Json.Nodes;

namespace Outreach.Infrastructure.Tests;

/// <summary>
/// The deployment sets every configuration key the app reads: the keys come from the options
/// classes of Outreach.Core (<see cref="ConfigurationKeys"/>), the settings from the
/// <c>Microsoft.Web/sites/config</c> "appsettings" resource of the compiled template.
/// </summary>
public sealed class AppSettingsTests
{
    /// <summary>
    /// Keys the app reads that the Azure deployment deliberately does NOT set, each with its reason.
    /// Keep it short: a key lands here only when setting it on Azure would be wrong or meaningless.
    /// </summary>
    internal static readonly IReadOnlyDictionary<string, string> NotSetOnAzure =
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            // DevHost only: a shared key with the admin role. On Azure people sign in with Entra ID and scripts
            // get named keys an admin creates (docs/deployment.md); one shared all-powerful key is what accounts replace.
            ["Admin__ApiKey"] = "DevHost only; on Azure people sign in and scripts use named API keys",

            // Outbox transport only: the folder of .eml files. Azure runs Mail__Transport=SendGrid, and an
            // instance's local disk on Flex Consumption is neither shared nor kept, so there is no folder to name.
            ["Mail__OutboxPath"] = "Outbox transport only; Azure sends through SendGrid",

            // Lists with defaults in code (DigestOptions.Defaults, no feeds): setting any item replaces the whole list,
            // so they are set only when the organisation changes them (docs/newsletters.md).
            ["Digests__Schedules"] = "list with defaults in code; set Digests__Schedules__N__* to change the digest times",
            ["Articles__Feeds"] = "list, empty by default; set Articles__Feeds__N__Url and __Audiences__M to poll feeds",
            ["SendGrid__Groups"] = "map, empty by default (Outreach's mails carry no SendGrid unsubscribe group); set SendGrid__Groups__<asm group id> to an audience id if the account uses groups",
            ["Events__ReminderLeadTimes"] = "list with defaults in code (the day before, one hour before); set Events__ReminderLeadTimes__N to change them",
        };

    /// <summary>Settings read by the platform (Functions host, Azure SDK, App Insights), not by the options classes.</summary>
    private static readonly string[] PlatformSettingPrefixes =
    [
        "AzureWebJobs",
        "APPLICATIONINSIGHTS_",
        "AZURE_",
        "FUNCTIONS_",
        "WEBSITE_",
        "MICROSOFT_PROVIDER_", // App Service authentication's client secret
    ];

    [Fact]
    public void ConventionFindsTheOptionClasses()
    {
        // Guards the reflection itself: if the convention stopped matching, the other tests would pass vacuously.
        var found = ConfigurationKeys.OptionClasses().Select(c => c.Type.Name).ToList();

        Assert.Contains("OutreachOptions", found);
        Assert.Contains("StorageOptions", found);
        Assert.Contains("MailOptions", found);
        Assert.Contains("SendGridOptions", found);
        Assert.Contains("TokenOptions", found);
        Assert.Contains(ConfigurationKeys.All(), k => k.Name == "PublicBaseUrl");
        Assert.Contains(ConfigurationKeys.All(), k => k.Name == "Mail__FromAddress");
    }

    [Fact]
    public void EveryConfigurationKeyTheAppReadsHasAnAppSetting()
    {
        var settings = AppSettings().Select(s => s.Key).ToList();

        var missing = ConfigurationKeys.All()
            .Where(k => !NotSetOnAzure.ContainsKey(k.Name) && !k.IsSetBy(settings))
            .Select(k => $"{k.Name}{(k.IsPrefix ? "__*" : "")} (from {k.From})")
            .ToList();

        Assert.True(
            missing.Count == 0,
            $"The compiled template sets no app setting for {missing.Count} configuration key(s):{Environment.NewLine}  " +
            string.Join(Environment.NewLine + "  ", missing) + Environment.NewLine +
            "Add each to the 'appsettings' resource of infra/app/api.bicep (a parameter in infra/main.bicep if it varies), " +
            $"or, if Azure must not set it, to {nameof(AppSettingsTests)}.{nameof(NotSetOnAzure)} with the reason.");
    }

    [Fact]
    public void EveryAppSettingOfTheAppIsAKeyItReads()
    {
        // The other direction: a typo (Mail__FromAdress) would set nothing the app reads.
        var keys = ConfigurationKeys.All();
        var unknown = AppSettings().Select(s => s.Key)
            .Where(name => !PlatformSettingPrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            .Where(name => !keys.Any(k => k.IsSetBy([name])))
            .ToList();

        Assert.True(unknown.Count == 0, "App settings that no options class reads: " + string.Join(", ", unknown));
    }

    [Fact]
    public void KeysLeftOutOnPurposeAreStillReadByTheAppAndNotSet()
    {
        var keys = ConfigurationKeys.All().Select(k => k.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var settings = AppSettings().Select(s => s.Key).ToList();

        foreach (var (key, reason) in NotSetOnAzure)
        {
            Assert.True(keys.Contains(key), $"{nameof(NotSetOnAzure)} lists {key} ({reason}), which no options class has any more: remove it.");
            Assert.DoesNotContain(key, settings, StringComparer.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void SecretsAreKeyVaultReferences()
    {
        var settings = AppSettings();

        foreach (var key in new[] { "SendGrid__ApiKey", "Tokens__SigningKey", "Privacy__SuppressionPepper" })
        {
            var value = settings[key];
            Assert.Contains("@Microsoft.KeyVault(SecretUri=", value, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void AzureSendsThroughSendGridAndReachesStorageWithTheManagedIdentity()
    {
        var settings = AppSettings();

        Assert.Equal("SendGrid", settings["Mail__Transport"]);

        // The app: account name + identity; the connection string is set, and empty, so the
        // DevHost default (UseDevelopmentStorage=true) can never apply on Azure.
        Assert.Equal("", settings["Storage__ConnectionString"]);
        Assert.False(string.IsNullOrWhiteSpace(settings["Storage__AccountName"]));

        // Queue triggers bind bare queue names; a prefix would send the app's messages where no trigger listens.
        Assert.Equal("", settings["Storage__NamePrefix"]);

        // The host: AzureWebJobsStorage over the same identity, never a connection string.
        Assert.DoesNotContain("AzureWebJobsStorage", settings.Keys);
        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.False(string.IsNullOrWhiteSpace(settings["AzureWebJobsStorage__accountName"]));
        Assert.Contains("Microsoft.ManagedIdentity/userAssignedIdentities", settings["AzureWebJobsStorage__clientId"], StringComparison.Ordinal);
        Assert.Contains("Microsoft.ManagedIdentity/userAssignedIdentities", settings["AZURE_CLIENT_ID"], StringComparison.Ordinal);
        Assert.Contains("APPLICATIONINSIGHTS_CONNECTION_STRING", settings.Keys);
    }

    [Fact]
    public void NoSettingThatFlexConsumptionRejects()
    {
        // On Flex Consumption the runtime and its version live in functionAppConfig; these settings are refused.
        var settings = AppSettings();
        string[] rejected = ["FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_EXTENSION_VERSION", "WEBSITE_RUN_FROM_PACKAGE",
            "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", "WEBSITE_CONTENTSHARE", "WEBSITE_NODE_DEFAULT_VERSION"];

        Assert.Empty(settings.Keys.Intersect(rejected, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>The app settings the template sets: name → value (an ARM expression or a literal).</summary>
    internal static IReadOnlyDictionary<string, string> AppSettings()
    {
        var config = CompiledTemplate.Current.OfType("Microsoft.Web/sites/config")
            .Where(r => ((string?)r["name"])?.Contains("appsettings", StringComparison.OrdinalIgnoreCase) == true)
            .ToList();
        Assert.True(config.Count == 1, $"Expected one 'appsettings' config resource in the template, found {config.Count}.");

        var properties = config[0]["properties"] as JsonObject
            ?? throw new InvalidOperationException("The appsettings resource has no literal properties object.");
        return properties.ToDictionary(
            p => p.Key,
            p => p.Value is JsonValue v && v.TryGetValue<string>(out var text) ? text : p.Value?.ToJsonString() ?? "",
            StringComparer.OrdinalIgnoreCase);
    }
}
