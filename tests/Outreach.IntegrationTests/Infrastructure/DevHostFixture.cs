using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Outreach.Core.Accounts;
using Outreach.DevHost;
using Outreach.DevHost.EasyAuth;

namespace Outreach.IntegrationTests.Infrastructure;

/// <summary>
/// The DevHost in-process, on the shared Azurite, with storage names prefixed uniquely per instance (so test classes
/// run in parallel without seeing each other's data), a temporary outbox, known keys, and timers and queue polling
/// off (call <see cref="DrainQueuesAsync"/> and <see cref="RunTimerAsync"/> to make them happen deterministically).
/// Use as <c>IClassFixture&lt;DevHostFixture&gt;</c>, or derive to change settings in the constructor
/// (<see cref="WithSetting"/>, <see cref="UseFakeTime"/>, <see cref="UseRealServer"/>) before first use.
/// </summary>
public class DevHostFixture : WebApplicationFactory<DevHostEntryPoint>, IAsyncLifetime
{
    public const string AdminKey = "integration-tests-admin-key";
    public const string SigningKey = "integration-tests-signing-key-0123456789abcdef";
    public const string SuppressionPepper = "integration-tests-suppression-pepper-0123456789";

    private readonly Dictionary<string, string?> settings;
    private bool realServer;

    public DevHostFixture()
    {
        NamePrefix = "t" + Guid.NewGuid().ToString("N")[..8];
        OutboxPath = Path.Combine(Path.GetTempPath(), "outreach-tests", NamePrefix, "outbox");
        settings = new Dictionary<string, string?>
        {
            ["Storage:NamePrefix"] = NamePrefix,
            ["Mail:OutboxPath"] = OutboxPath,
            ["Mail:Transport"] = "Outbox",
            ["Admin:ApiKey"] = AdminKey,
            ["Tokens:SigningKey"] = SigningKey,
            ["Privacy:SuppressionPepper"] = SuppressionPepper,
            [TimerFunctionRunner.EnabledKey] = "false",
            [QueueFunctionRunner.EnabledKey] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        };
    }

    /// <summary>Prefix of every table, queue and container this instance uses (<c>Storage:NamePrefix</c>).</summary>
    public string NamePrefix { get; }

    /// <summary>Folder of the Outbox transport's <c>.eml</c> files (<c>Mail:OutboxPath</c>).</summary>
    public string OutboxPath { get; }

    /// <summary>The clock the app sees, when <see cref="UseFakeTime"/> was called.</summary>
    public FakeTimeProvider? FakeTime { get; private set; }

    /// <summary>Overrides one configuration key (e.g. <c>PublicBaseUrl</c>, <c>DevHost:RunQueues</c>). Call before first use.</summary>
    public DevHostFixture WithSetting(string key, string? value)
    {
        settings[key] = value;
        return this;
    }

    /// <summary>Overrides several configuration keys. Call before first use.</summary>
    public DevHostFixture WithSettings(IEnumerable<KeyValuePair<string, string?>> overrides)
    {
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        return this;
    }

    /// <summary>
    /// Replaces TimeProvider in DI by a FakeTimeProvider starting at <paramref name="start"/> (default: now). Call before
    /// first use. With <c>DevHost:RunTimers=true</c>, advancing it makes the timer functions fire on their schedules.
    /// </summary>
    public FakeTimeProvider UseFakeTime(DateTimeOffset? start = null)
    {
        FakeTime = new FakeTimeProvider(start ?? DateTimeOffset.UtcNow);
        return FakeTime;
    }

    /// <summary>Serves on a real Kestrel port on 127.0.0.1 (for browsers) instead of the in-memory TestServer. Call before first use.</summary>
    public DevHostFixture UseRealServer()
    {
        realServer = true;
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        return this;
    }

    /// <summary>The base address of the real server (starting it); <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri ServerAddress
    {
        get
        {
            if (!realServer)
            {
                throw new InvalidOperationException("ServerAddress needs UseRealServer() before first use.");
            }

            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            return new Uri(address.TrimEnd('/') + "/");
        }
    }

    /// <summary>An HttpClient that sends the admin key in <c>x-functions-key</c>.</summary>
    public HttpClient CreateAdminClient(bool allowAutoRedirect = false)
    {
        var options = new WebApplicationFactoryClientOptions { AllowAutoRedirect = allowAutoRedirect };
        if (realServer)
        {
            options.BaseAddress = ServerAddress; // the real server, not the in-memory one
        }

        var client = CreateClient(options);
        client.DefaultRequestHeaders.Add(ApiKeys.HeaderName, AdminKey);
        return client;
    }

    /// <summary>
    /// An HttpClient signed in through the DevHost's sign-in page as <paramref name="email"/> with <paramref name="roles"/>
    /// (none: signed in without a role): it holds the session cookie, as a browser would.
    /// </summary>
    public async Task<HttpClient> SignedInClientAsync(string email, params string[] roles)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = realServer ? ServerAddress : new Uri("http://localhost") });
        using var signIn = await client.PostAsync(EasyAuthEmulation.LoginPath, new FormUrlEncodedContent(
        [
            new("email", email),
            new("name", email.Split('@')[0]),
            new("roles", string.Join(",", roles)),
            new("post_login_redirect_uri", "/"),
        ]));
        if (signIn.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in as {email} answered {(int)signIn.StatusCode}.");
        }

        return client;
    }

    /// <summary>The value of the session cookie for <paramref name="email"/> with <paramref name="roles"/> (for a browser context or a raw request).</summary>
    public async Task<string> SessionCookieAsync(string email, params string[] roles)
    {
        using var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var signIn = await client.PostAsync(EasyAuthEmulation.LoginPath, new FormUrlEncodedContent(
            [new("email", email), new("roles", string.Join(",", roles))]));
        var header = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(SessionCookie.Name + "=", StringComparison.Ordinal));
        return header[(SessionCookie.Name.Length + 1)..header.IndexOf(';')];
    }

    /// <summary>Creates a named API key with <paramref name="role"/> (as an admin would) and returns the key.</summary>
    public async Task<string> CreateApiKeyAsync(string name, string role, DateTimeOffset? expiresAt = null)
    {
        using var admin = CreateAdminClient();
        using var response = await admin.PostAsJsonAsync("/api/admin/keys", new { name, role, expiresAt });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("key").GetString()!;
    }

    /// <summary>An HttpClient that sends <paramref name="key"/> in <c>x-functions-key</c>, as a script would.</summary>
    public HttpClient CreateKeyClient(string key)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add(ApiKeys.HeaderName, key);
        return client;
    }

    /// <summary>Processes every queue until all are empty (see <see cref="QueueProcessor.DrainAsync"/>); returns the messages handled.</summary>
    public Task<int> DrainQueuesAsync(CancellationToken cancellationToken = default) =>
        Services.GetRequiredService<QueueProcessor>().DrainAsync(cancellationToken);

    /// <summary>Runs one timer function now, as its schedule would.</summary>
    public Task RunTimerAsync(string functionName, CancellationToken cancellationToken = default) =>
        Services.GetRequiredService<TimerFunctionRunner>().RunNowAsync(functionName, cancellationToken);

    /// <summary>
    /// The mails in the outbox, oldest first. Drains the queues first (mail is sent from a queue) unless told not to.
    /// </summary>
    public async Task<IReadOnlyList<MimeMessage>> ReadOutboxAsync(bool drainQueuesFirst = true, CancellationToken cancellationToken = default)
    {
        if (drainQueuesFirst)
        {
            await DrainQueuesAsync(cancellationToken);
        }

        if (!Directory.Exists(OutboxPath))
        {
            return [];
        }

        var messages = new List<(DateTime Written, string File, MimeMessage Message)>();
        foreach (var file in Directory.EnumerateFiles(OutboxPath, "*.eml"))
        {
            messages.Add((File.GetLastWriteTimeUtc(file), file, await MimeMessage.LoadAsync(file, cancellationToken)));
        }

        return messages.OrderBy(m => m.Written).ThenBy(m => m.File, StringComparer.Ordinal).Select(m => m.Message).ToList();
    }

    /// <summary>The outbox mails sent to <paramref name="address"/>, oldest first (queues drained first).</summary>
    public async Task<IReadOnlyList<MimeMessage>> ReadOutboxAsync(string address, CancellationToken cancellationToken = default) =>
        (await ReadOutboxAsync(drainQueuesFirst: true, cancellationToken))
            .Where(m => m.To.Mailboxes.Any(to => string.Equals(to.Address, address, StringComparison.OrdinalIgnoreCase)))
            .ToList();

    public async Task InitializeAsync()
    {
        if (!settings.ContainsKey("Storage:ConnectionString"))
        {
            settings["Storage:ConnectionString"] = await SharedAzurite.ConnectionStringAsync();
        }
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        var folder = Path.GetDirectoryName(OutboxPath)!;
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (!settings.ContainsKey("Storage:ConnectionString"))
        {
            settings["Storage:ConnectionString"] = SharedAzurite.ConnectionString;
        }

        builder.UseEnvironment("Development");
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(settings));
        builder.ConfigureTestServices(services =>
        {
            if (FakeTime is { } fake)
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(fake);
            }
        });
    }
}
