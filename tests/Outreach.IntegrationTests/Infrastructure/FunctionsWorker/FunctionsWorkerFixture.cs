using Outreach.IntegrationTests.Infrastructure.FunctionsWorker;

namespace Outreach.IntegrationTests.Infrastructure;

/// <summary>
/// The Functions app's worker process, run as Azure runs it (see <see cref="FunctionsHostEmulator"/>), with the same
/// settings as a <see cref="DevHostFixture"/> (its own storage name prefix on the shared Azurite, a temporary outbox,
/// the test signing key), so that a test can send one request to both hosts and compare the answers.
/// Derive and call <see cref="WithSetting"/> in the constructor to change a setting.
/// </summary>
public class FunctionsWorkerFixture : IAsyncLifetime
{
    /// <summary>The function key the emulated host expects on function-level routes, and the app's bootstrap admin key.</summary>
    public const string FunctionKey = DevHostFixture.AdminKey;

    private readonly Dictionary<string, string?> settings;
    private FunctionsHostEmulator? host;

    public FunctionsWorkerFixture()
    {
        NamePrefix = "w" + Guid.NewGuid().ToString("N")[..8];
        OutboxPath = Path.Combine(Path.GetTempPath(), "outreach-tests", NamePrefix, "outbox");
        settings = new Dictionary<string, string?>
        {
            ["Storage:NamePrefix"] = NamePrefix,
            ["Mail:OutboxPath"] = OutboxPath,
            ["Mail:Transport"] = "Outbox",
            ["Tokens:SigningKey"] = DevHostFixture.SigningKey,
            ["Privacy:SuppressionPepper"] = DevHostFixture.SuppressionPepper,
            ["Admin:ApiKey"] = DevHostFixture.AdminKey,
            ["Logging:LogLevel:Default"] = "Warning",
        };
    }

    public string NamePrefix { get; }

    public string OutboxPath { get; }

    public FunctionsHostEmulator Host => host ?? throw new InvalidOperationException("The worker is started by InitializeAsync.");

    /// <summary>Overrides one app setting. Call in a derived constructor.</summary>
    protected void WithSetting(string key, string? value) => settings[key] = value;

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => Host.SendAsync(request);

    public Task<HttpResponseMessage> GetAsync(string path) => Host.SendAsync(new HttpRequestMessage(HttpMethod.Get, path));

    public async Task InitializeAsync()
    {
        if (!settings.ContainsKey("Storage:ConnectionString"))
        {
            settings["Storage:ConnectionString"] = await SharedAzurite.ConnectionStringAsync();
        }

        host = await FunctionsHostEmulator.StartAsync(FunctionsAppDirectory(), settings, FunctionKey);
    }

    public async Task DisposeAsync()
    {
        if (host is not null) await host.DisposeAsync();
        var folder = Path.GetDirectoryName(OutboxPath)!;
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    /// <summary>
    /// The Functions project's own build output (what is deployed), built with the same configuration as these tests:
    /// <c>src/Outreach.Functions/bin/{Configuration}/{framework}/</c>.
    /// </summary>
    private static string FunctionsAppDirectory()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        var root = testOutput;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Outreach.sln"))) root = root.Parent;
        if (root is null) throw new InvalidOperationException($"No Outreach.sln above {AppContext.BaseDirectory}.");
        var directory = Path.Combine(root.FullName, "src", "Outreach.Functions", "bin", configuration, framework);
        return File.Exists(Path.Combine(directory, "Outreach.Functions.dll"))
            ? directory
            : throw new InvalidOperationException($"The Functions app is not built in {directory}.");
    }
}
