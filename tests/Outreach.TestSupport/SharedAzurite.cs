using Outreach.DevHost;

namespace Outreach.TestSupport;

/// <summary>
/// One Azurite for the whole test run, on free loopback ports, started on first use (installing it with npm when
/// node_modules lacks it) and killed when the test process exits. Tests keep apart through storage name prefixes.
/// Set <c>OUTREACH_TEST_STORAGE</c> to a connection string to use another storage instead.
/// </summary>
public static class SharedAzurite
{
    public const string ConnectionStringVariable = "OUTREACH_TEST_STORAGE";

    private static readonly Lazy<Task<string>> Instance = new(() => Task.Run(StartAsync));

    /// <summary>The connection string of the shared Azurite, starting it if needed.</summary>
    public static Task<string> ConnectionStringAsync() => Instance.Value;

    /// <summary>Blocking form for places that cannot await (WebApplicationFactory.ConfigureWebHost).</summary>
    public static string ConnectionString => Instance.Value.GetAwaiter().GetResult();

    private static async Task<string> StartAsync()
    {
        if (Environment.GetEnvironmentVariable(ConnectionStringVariable) is { Length: > 0 } configured)
        {
            return configured;
        }

        // Another process may take a port between our probe and Azurite's bind: try again on new ports once.
        for (var attempt = 1; ; attempt++)
        {
            var ports = AzuriteLauncher.FreePorts(3);
            try
            {
                var azurite = await AzuriteLauncher.StartAsync(ports[0], ports[1], ports[2], log: Console.WriteLine).ConfigureAwait(false);
                return azurite.ConnectionString; // killed by its ProcessExit handler
            }
            catch (InvalidOperationException) when (attempt < 2)
            {
            }
        }
    }
}
