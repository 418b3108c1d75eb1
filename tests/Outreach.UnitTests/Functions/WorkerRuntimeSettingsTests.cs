using System.Text.Json;

namespace Outreach.UnitTests.Functions;

/// <summary>
/// The Functions worker and the DevHost run with the same runtime settings (src/Outreach.Runtime.props), so memory
/// measured locally is the worker's: the settings docs/performance.md measured are in both runtimeconfig.json files.
/// </summary>
public sealed class WorkerRuntimeSettingsTests
{
    private static readonly string[] Settings = ["System.GC.Server", "System.GC.Concurrent", "System.GC.LOHThreshold", "System.Runtime.TieredPGO"];

    [Fact]
    public void The_worker_runs_with_the_measured_memory_settings()
    {
        var worker = ConfigProperties("Outreach.Functions");

        Assert.False(worker["System.GC.Server"].GetBoolean());
        Assert.True(worker["System.GC.Concurrent"].GetBoolean());
        Assert.Equal(1_048_576, worker["System.GC.LOHThreshold"].GetInt32());
        Assert.False(worker["System.Runtime.TieredPGO"].GetBoolean());
    }

    [Fact]
    public void The_devhost_runs_with_the_same_settings_as_the_worker()
    {
        var worker = ConfigProperties("Outreach.Functions");
        var devHost = ConfigProperties("Outreach.DevHost");

        Assert.All(Settings, setting => Assert.Equal(worker[setting].GetRawText(), devHost[setting].GetRawText()));
    }

    private static Dictionary<string, JsonElement> ConfigProperties(string assembly)
    {
        var path = Path.Combine(AppContext.BaseDirectory, assembly + ".runtimeconfig.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.Clone());
    }
}
