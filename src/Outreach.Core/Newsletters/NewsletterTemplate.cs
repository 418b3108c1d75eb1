using Azure;

namespace Outreach.Core.Newsletters;

public static class TemplateKind
{
    public const string Newsletter = "newsletter";
    public const string Digest = "digest";

    public static readonly IReadOnlyList<string> All = [Newsletter, Digest];
}

/// <summary>A Liquid layout for newsletters or digests, edited by the comms team.</summary>
public sealed record NewsletterTemplate
{
    public required string Id { get; init; }
    public required string Name { get; init; }

    /// <summary><see cref="TemplateKind.Newsletter"/> or <see cref="TemplateKind.Digest"/>: which variables it is rendered with.</summary>
    public required string Kind { get; init; }

    public required string Source { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public ETag ETag { get; init; }
}

/// <summary>The two layouts shipped with the app, seeded when missing; afterwards they are data the team edits.</summary>
public static class DefaultTemplates
{
    public const string NewsletterId = "newsletter";
    public const string DigestId = "digest";

    public static string NewsletterSource { get; } = Read("newsletter.liquid");
    public static string DigestSource { get; } = Read("digest.liquid");

    public static IReadOnlyList<NewsletterTemplate> All { get; } =
    [
        new() { Id = NewsletterId, Name = "La Newsletter (mise en page mensuelle)", Kind = TemplateKind.Newsletter, Source = NewsletterSource },
        new() { Id = DigestId, Name = "Digest (quotidienne et hebdos)", Kind = TemplateKind.Digest, Source = DigestSource },
    ];

    private static string Read(string fileName)
    {
        var assembly = typeof(DefaultTemplates).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith("Newsletters.Templates." + fileName, StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
