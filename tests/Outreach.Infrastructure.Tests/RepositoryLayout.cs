namespace Outreach.Infrastructure.Tests;

/// <summary>Where the repository's files are, seen from the test output folder.</summary>
internal static class RepositoryLayout
{
    public static DirectoryInfo Root { get; } = FindRoot();

    public static DirectoryInfo Infra => new(Path.Combine(Root.FullName, "infra"));

    /// <summary>The ARM template the build compiled from infra/main.bicep (see the .csproj).</summary>
    public static string CompiledTemplatePath => Path.Combine(AppContext.BaseDirectory, "main.json");

    private static DirectoryInfo FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Outreach.sln")))
            {
                return dir;
            }
        }

        throw new InvalidOperationException($"No Outreach.sln above {AppContext.BaseDirectory}.");
    }
}
