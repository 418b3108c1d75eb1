using System.Text.Json.Nodes;

namespace Outreach.Infrastructure.Tests;

/// <summary>
/// The ARM JSON compiled from infra/main.bicep, with every resource of the nested (module)
/// deployments flattened into one list. Handles both template shapes Bicep emits:
/// <c>resources</c> as an array, and as an object keyed by symbolic name (languageVersion 2.0).
/// </summary>
internal sealed class CompiledTemplate
{
    private static readonly Lazy<CompiledTemplate> Instance = new(Load);

    private readonly Dictionary<JsonObject, JsonObject> templateOf;

    private CompiledTemplate(JsonObject root, Dictionary<JsonObject, JsonObject> templateOf)
    {
        Root = root;
        this.templateOf = templateOf;
        Resources = templateOf.Keys.ToList();
    }

    public static CompiledTemplate Current => Instance.Value;

    public JsonObject Root { get; }

    /// <summary>Every resource the deployment declares (not <c>existing</c> references), modules included.</summary>
    public IReadOnlyList<JsonObject> Resources { get; }

    public IEnumerable<JsonObject> OfType(string type) =>
        Resources.Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase));

    public JsonObject Single(string type)
    {
        var matches = OfType(type).ToList();
        Assert.True(matches.Count == 1, $"Expected exactly one {type} in the template, found {matches.Count}.");
        return matches[0];
    }

    /// <summary>The template (main or a module's) that declares <paramref name="resource"/>.</summary>
    public JsonObject TemplateOf(JsonObject resource) => templateOf[resource];

    /// <summary>A module deployment of main.bicep by its deployment name (e.g. <c>api</c>).</summary>
    public JsonObject Module(string name) =>
        OfType("Microsoft.Resources/deployments").Single(d => (string?)d["name"] == name);

    private static CompiledTemplate Load()
    {
        var path = RepositoryLayout.CompiledTemplatePath;
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"{path} is missing: the build of Outreach.Infrastructure.Tests compiles infra/main.bicep into it (target LintAndBuildBicep).",
                path);
        }

        var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var resources = new Dictionary<JsonObject, JsonObject>(ReferenceEqualityComparer.Instance);
        Collect(root, resources);
        return new CompiledTemplate(root, resources);
    }

    private static void Collect(JsonObject template, Dictionary<JsonObject, JsonObject> into)
    {
        IEnumerable<JsonNode?> declared = template["resources"] switch
        {
            JsonArray array => array,
            JsonObject byName => byName.Select(pair => pair.Value),
            _ => [],
        };

        foreach (var resource in declared.OfType<JsonObject>())
        {
            if (resource["existing"]?.GetValue<bool>() == true)
            {
                continue;
            }

            into.Add(resource, template);
            if (resource["properties"]?["template"] is JsonObject nested)
            {
                Collect(nested, into);
            }
        }
    }
}
