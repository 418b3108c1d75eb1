namespace Outreach.Infrastructure.Tests;

/// <summary>What an attacker holding a leaked connection string, or a stray delete, runs into on Azure.</summary>
public sealed class NetworkAndVaultTests
{
    private static CompiledTemplate Template => CompiledTemplate.Current;

    [Fact]
    public void Storage_and_Key_Vault_accept_only_the_apps_subnet_by_default()
    {
        Assert.True((bool?)Template.Root["parameters"]?["networkIsolation"]?["defaultValue"], "networkIsolation must default to true.");

        var subnet = Template.Single("Microsoft.Network/virtualNetworks")["properties"]!["subnets"]![0]!["properties"]!;
        Assert.Equal("Microsoft.App/environments", (string?)subnet["delegations"]![0]!["properties"]!["serviceName"]);
        var endpoints = subnet["serviceEndpoints"]!.AsArray().Select(e => (string?)e!["service"]).ToList();
        Assert.Contains("Microsoft.Storage", endpoints);
        Assert.Contains("Microsoft.KeyVault", endpoints);

        foreach (var type in new[] { "Microsoft.Storage/storageAccounts", "Microsoft.KeyVault/vaults" })
        {
            var acls = Template.Single(type)["properties"]!["networkAcls"]!;
            Assert.Equal("[if(empty(parameters('allowedSubnetId')), 'Allow', 'Deny')]", (string?)acls["defaultAction"]);
            Assert.Contains("allowedSubnetId", acls["virtualNetworkRules"]!.ToJsonString());
        }

        Assert.Contains("virtualNetworkSubnetId", Template.Single("Microsoft.Web/sites")["properties"]!.ToJsonString());
        foreach (var module in new[] { "storage", "keyVault", "api" })
        {
            Assert.Contains("appSubnetId", Template.Module(module)["properties"]!["parameters"]!.ToJsonString());
        }
    }

    [Fact]
    public void Application_Insights_accepts_only_Entra_ID_telemetry() =>
        Assert.True((bool?)Template.Single("Microsoft.Insights/components")["properties"]?["DisableLocalAuth"]);

    [Fact]
    public void Key_Vault_cannot_be_purged_before_its_retention_ends()
    {
        var vault = Template.Single("Microsoft.KeyVault/vaults")["properties"]!;
        Assert.True((bool?)vault["enablePurgeProtection"]);
        Assert.True((bool?)vault["enableSoftDelete"]);
    }
}
