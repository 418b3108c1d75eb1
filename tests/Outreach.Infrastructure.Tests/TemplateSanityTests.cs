using System.Reflection;
using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Outreach.Infrastructure.Tests;

/// <summary>Properties of the deployment that must not drift: hosting plan, transport security, identity, roles.</summary>
public sealed partial class TemplateSanityTests
{
    /// <summary>The only roles the app's identity may hold (built-in role definition ids).</summary>
    private static readonly IReadOnlyDictionary<string, string> AllowedRoles = new Dictionary<string, string>
    {
        ["b7e6dc6d-f1e8-4753-8033-0f276bb0955b"] = "Storage Blob Data Owner",
        ["974c5e8b-45b9-4653-ba55-5f855dd0fb88"] = "Storage Queue Data Contributor",
        ["0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3"] = "Storage Table Data Contributor",
        ["8a0f0c08-91a1-4084-bc3d-661d67233fed"] = "Storage Queue Data Message Processor",
        ["c6a89b2d-59bc-44d0-9896-0f6e12d7b80a"] = "Storage Queue Data Message Sender",
        ["4633458b-17de-408a-b874-0445c86b69e6"] = "Key Vault Secrets User",
        ["3913510d-42f4-4e42-8a64-420c390055eb"] = "Monitoring Metrics Publisher",
    };

    private static CompiledTemplate Template => CompiledTemplate.Current;

    [Fact]
    public void TheAppRunsOnAFlexConsumptionPlan()
    {
        var plan = Template.Single("Microsoft.Web/serverfarms");
        Assert.Equal("FC1", (string?)plan["sku"]?["name"]);
        Assert.Equal("FlexConsumption", (string?)plan["sku"]?["tier"]);
        Assert.True((bool?)plan["properties"]?["reserved"], "The plan must be Linux (reserved: true).");

        var site = Template.Single("Microsoft.Web/sites");
        Assert.Equal("functionapp,linux", (string?)site["kind"]);
        Assert.Equal("dotnet-isolated", (string?)site["properties"]?["functionAppConfig"]?["runtime"]?["name"]);
    }

    [Fact]
    public void TheRuntimeVersionIsTheOneTheAppTargets()
    {
        // net10.0 -> "10.0": the default of main.bicep's functionsRuntimeVersion, handed to functionAppConfig.runtime.version.
        var framework = ConfigurationKeys.CoreAssembly.GetCustomAttribute<TargetFrameworkAttribute>()!.FrameworkName;
        var targeted = new Version(framework[(framework.IndexOf("Version=v", StringComparison.Ordinal) + "Version=v".Length)..]);

        var deployed = (string?)Template.Root["parameters"]?["functionsRuntimeVersion"]?["defaultValue"];
        Assert.Equal($"{targeted.Major}.{targeted.Minor}", deployed);
        Assert.Equal("[parameters('runtimeVersion')]", (string?)Template.Single("Microsoft.Web/sites")["properties"]?["functionAppConfig"]?["runtime"]?["version"]);
    }

    [Fact]
    public void TheAppIsHttpsOnlyWithTls12()
    {
        var site = Template.Single("Microsoft.Web/sites");
        Assert.True((bool?)site["properties"]?["httpsOnly"]);
        Assert.Equal("1.2", (string?)site["properties"]?["siteConfig"]?["minTlsVersion"]);
        Assert.Equal("Disabled", (string?)site["properties"]?["siteConfig"]?["ftpsState"]);

        foreach (var policy in Template.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies"))
        {
            Assert.False((bool?)policy["properties"]?["allow"], $"{policy["name"]}: basic-auth publishing must be off.");
        }
    }

    [Fact]
    public void StorageAllowsNoSharedKeyNoPublicBlobAndOnlyTls12OverHttps()
    {
        var storage = Template.Single("Microsoft.Storage/storageAccounts")["properties"]!;
        Assert.False((bool?)storage["allowSharedKeyAccess"]);
        Assert.False((bool?)storage["allowBlobPublicAccess"]);
        Assert.True((bool?)storage["supportsHttpsTrafficOnly"]);
        Assert.Equal("TLS1_2", (string?)storage["minimumTlsVersion"]);
    }

    [Fact]
    public void KeyVaultUsesRbac()
    {
        var vault = Template.Single("Microsoft.KeyVault/vaults")["properties"]!;
        Assert.True((bool?)vault["enableRbacAuthorization"]);
    }

    [Fact]
    public void TheAppHasOneUserAssignedIdentityUsedForEverything()
    {
        Template.Single("Microsoft.ManagedIdentity/userAssignedIdentities");
        var site = Template.Single("Microsoft.Web/sites");
        Assert.Equal("UserAssigned", (string?)site["identity"]?["type"]);

        var properties = site["properties"]!;
        Assert.Contains("Microsoft.ManagedIdentity/userAssignedIdentities", (string?)properties["keyVaultReferenceIdentity"]);
        Assert.Equal("UserAssignedIdentity", (string?)properties["functionAppConfig"]?["deployment"]?["storage"]?["authentication"]?["type"]);

        // The role module and the app module are handed the same identity.
        var rbacIdentity = Template.Module("rbac")["properties"]?["parameters"]?["identityName"]?.ToJsonString();
        var apiIdentity = Template.Module("api")["properties"]?["parameters"]?["identityName"]?.ToJsonString();
        Assert.NotNull(rbacIdentity);
        Assert.Equal(rbacIdentity, apiIdentity);
    }

    [Fact]
    public void EveryRoleAssignmentTargetsTheAppsIdentityWithAnExpectedRole()
    {
        var assignments = Template.OfType("Microsoft.Authorization/roleAssignments").ToList();
        Assert.NotEmpty(assignments);

        var granted = new HashSet<string>();
        foreach (var assignment in assignments)
        {
            var properties = assignment["properties"]!;
            var principal = (string?)properties["principalId"] ?? "";
            Assert.Matches(@"reference\(resourceId\('Microsoft\.ManagedIdentity/userAssignedIdentities', parameters\('identityName'\)\).*\)\.principalId\]$", principal);
            Assert.Equal("ServicePrincipal", (string?)properties["principalType"]);

            foreach (var roleId in RoleIdsUsedBy(assignment))
            {
                Assert.True(AllowedRoles.ContainsKey(roleId), $"Role {roleId} is not one the app needs.");
                granted.Add(AllowedRoles[roleId]);
            }
        }

        Assert.Contains("Storage Blob Data Owner", granted);
        Assert.Contains("Storage Queue Data Contributor", granted);
        Assert.Contains("Storage Table Data Contributor", granted);
        Assert.Contains("Key Vault Secrets User", granted);
    }

    [Fact]
    public void ModulesAreLocalFilesOnly()
    {
        var offenders = RepositoryLayout.Infra.EnumerateFiles("*.bicep", SearchOption.AllDirectories)
            .SelectMany(file => File.ReadLines(file.FullName)
                .Select((line, index) => (file, line, number: index + 1)))
            .Where(x => RegistryModule().IsMatch(x.line))
            .Select(x => $"{Path.GetRelativePath(RepositoryLayout.Root.FullName, x.file.FullName)}:{x.number}: {x.line.Trim()}")
            .ToList();

        Assert.True(offenders.Count == 0, "Registry modules (br:, br/public:, ts:) do not compile offline:\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void ParametersFileNamesOnlyParametersOfTheTemplate()
    {
        var declared = Template.Root["parameters"]!.AsObject().Select(p => p.Key).ToHashSet();
        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryLayout.Infra.FullName, "main.parameters.json")))!;
        var given = file["parameters"]!.AsObject().Select(p => p.Key).ToList();

        Assert.Empty(given.Except(declared));

        // Every parameter without a default is given (azd fills the placeholders from its environment or asks).
        var required = Template.Root["parameters"]!.AsObject()
            .Where(p => p.Value?["defaultValue"] is null)
            .Select(p => p.Key);
        Assert.Empty(required.Except(given));
    }

    private static IEnumerable<string> RoleIdsUsedBy(JsonObject assignment)
    {
        // roleDefinitionId is an expression: the ids are in it, or in the variables of the template declaring it.
        var expression = (string?)assignment["properties"]?["roleDefinitionId"] ?? "";
        var ids = Guid().Matches(expression).Select(m => m.Value).ToList();
        if (ids.Count > 0)
        {
            return ids;
        }

        var variables = Template.TemplateOf(assignment)["variables"]?.ToJsonString() ?? "";
        return Guid().Matches(variables).Select(m => m.Value).Distinct();
    }

    [GeneratedRegex(@"^\s*module\s+\S+\s+'(br|ts)[:/]", RegexOptions.IgnoreCase)]
    private static partial Regex RegistryModule();

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", RegexOptions.IgnoreCase)]
    private static partial Regex Guid();
}
