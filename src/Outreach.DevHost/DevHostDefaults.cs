using System.Security.Cryptography;
using System.Text.Json;
using Outreach.Core.Common.Configuration;
using Outreach.DevHost.EasyAuth;

namespace Outreach.DevHost;

/// <summary>
/// What makes <c>dotnet run --project src/Outreach.DevHost</c> just work: the <c>func start</c> address, and the
/// secrets Core requires (<c>Admin:ApiKey</c>, <c>Tokens:SigningKey</c>, <c>Privacy:SuppressionPepper</c>) generated when not configured — kept in
/// <c>.devhost/generated-settings.json</c> under the working directory so mail links and scripts survive a restart.
/// Relative <c>Mail:OutboxPath</c> is made absolute against the working directory.
/// </summary>
public static class DevHostDefaults
{
    public const string Url = "http://localhost:7071";

    public static WebApplicationBuilder AddDevHostDefaults(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var urlsConfigured = !string.IsNullOrEmpty(configuration["urls"]) || !string.IsNullOrEmpty(configuration["http_ports"])
            || configuration.GetSection("Kestrel:Endpoints").Exists();
        if (!urlsConfigured)
        {
            builder.WebHost.UseUrls(Url);
        }

        // Run from the repository root, the content root holds no appsettings.json: keep the console readable here
        // (one line per request would drown the start-up banner); configuration can still lower these levels.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Azure", LogLevel.Warning);

        configuration.AddEasyAuthPlatformSettings();

        var secrets = new GeneratedSecrets(Path.Combine(Directory.GetCurrentDirectory(), ".devhost", "generated-settings.json"));
        builder.Services.AddSingleton(secrets);
        builder.Services.PostConfigure<AdminOptions>(options =>
        {
            if (string.IsNullOrWhiteSpace(options.ApiKey))
            {
                options.ApiKey = secrets.Get("Admin:ApiKey", 24);
            }
        });
        builder.Services.PostConfigure<TokenOptions>(options =>
        {
            if (string.IsNullOrWhiteSpace(options.SigningKey))
            {
                options.SigningKey = secrets.Get("Tokens:SigningKey", 48);
            }
        });
        builder.Services.PostConfigure<PrivacyOptions>(options =>
        {
            if (string.IsNullOrWhiteSpace(options.SuppressionPepper))
            {
                options.SuppressionPepper = secrets.Get("Privacy:SuppressionPepper", 32);
            }
        });
        builder.Services.PostConfigure<MailOptions>(options => options.OutboxPath = Path.GetFullPath(options.OutboxPath));
        return builder;
    }
}

/// <summary>Secrets generated for the DevHost on first need and kept in a small JSON file.</summary>
public sealed class GeneratedSecrets(string path)
{
    private readonly Lock gate = new();
    private Dictionary<string, string>? values;

    public string FilePath { get; } = path;

    /// <summary>The keys this run took from the file (or generated), as opposed to configuration.</summary>
    public IReadOnlyCollection<string> Used => used;

    private readonly HashSet<string> used = [];

    public string Get(string key, int bytes)
    {
        lock (gate)
        {
            values ??= File.Exists(FilePath) ? JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(FilePath)) ?? [] : [];
            if (!values.TryGetValue(key, out var value))
            {
                value = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));
                values[key] = value;
                Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
                File.WriteAllText(FilePath, JsonSerializer.Serialize(values, new JsonSerializerOptions { WriteIndented = true }));
            }

            used.Add(key);
            return value;
        }
    }
}
