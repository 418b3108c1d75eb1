using Microsoft.Extensions.Configuration.Memory;

namespace Outreach.DevHost;

/// <summary>
/// Reads the Functions app's <c>host.json</c> into configuration under <c>AzureFunctionsJobHost:</c>, as the Functions
/// host does, so app settings such as <c>AzureFunctionsJobHost__extensions__queues__maxDequeueCount</c> override it.
/// </summary>
public static class HostJson
{
    public const string ConfigurationPrefix = "AzureFunctionsJobHost";

    /// <summary>Adds host.json (from the output folder, else the repository root) below every other source; returns its path.</summary>
    public static string? AddTo(IConfigurationBuilder configuration)
    {
        var path = new[] { AppContext.BaseDirectory, RepositoryRoot.Find() }
            .Where(folder => folder is not null)
            .Select(folder => Path.Combine(folder!, "host.json"))
            .FirstOrDefault(File.Exists);
        if (path is null)
        {
            return null;
        }

        var values = new ConfigurationBuilder().AddJsonFile(path, optional: false).Build()
            .AsEnumerable()
            .Where(pair => pair.Value is not null)
            .ToDictionary(pair => $"{ConfigurationPrefix}:{pair.Key}", pair => pair.Value);
        configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = values });
        return path;
    }

    /// <summary><c>extensions.http.routePrefix</c>; "api" when absent, "" allowed.</summary>
    public static string RoutePrefix(IConfiguration configuration) =>
        (configuration[$"{ConfigurationPrefix}:extensions:http:routePrefix"] ?? "api").Trim('/');
}

/// <summary>The <c>extensions.queues</c> settings of host.json that the DevHost's queue polling honours.</summary>
public sealed class QueueHostOptions
{
    public const string Section = HostJson.ConfigurationPrefix + ":extensions:queues";

    /// <summary>Messages received and processed in parallel per poll (at most 32).</summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>Attempts before a message is moved to <c>&lt;queue&gt;-poison</c>.</summary>
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>How long a message that failed stays invisible before it is retried.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.Zero;

    /// <summary>Longest wait between polls of an empty queue.</summary>
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromSeconds(2);

    public static QueueHostOptions From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<QueueHostOptions>() ?? new QueueHostOptions();
}

/// <summary>The folder holding Outreach.sln, found by walking up from the working directory and from the app's folder.</summary>
public static class RepositoryRoot
{
    public const string SolutionFile = "Outreach.sln";

    public static string? Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, SolutionFile)))
                {
                    return folder.FullName;
                }
            }
        }

        return null;
    }
}

/// <summary>Resolves <c>%Setting%</c> parts of trigger arguments from configuration, like the Functions host.</summary>
public static class AppSettingExpression
{
    public static string Resolve(string expression, IConfiguration configuration) =>
        System.Text.RegularExpressions.Regex.Replace(expression, "%([^%]+)%", match =>
            configuration[match.Groups[1].Value]
            ?? throw new InvalidOperationException($"The trigger expression '{expression}' names the setting '{match.Groups[1].Value}', which is not configured."));
}
