using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.StaticFiles;

namespace Outreach.Functions.TeamConsole;

/// <summary>A file of the published console, as it should be sent.</summary>
/// <param name="PhysicalPath">The file on disk (possibly its pre-compressed copy).</param>
/// <param name="ContentType">The type of the original file.</param>
/// <param name="ContentEncoding"><c>br</c> or <c>gzip</c> when the pre-compressed copy is sent; otherwise null.</param>
/// <param name="Immutable">True for fingerprinted files, which never change under the same name.</param>
/// <param name="IsIndex">True for index.html, the answer to every client-side route.</param>
public sealed record ConsoleFile(string PhysicalPath, string ContentType, string? ContentEncoding, bool Immutable, bool IsIndex);

/// <summary>
/// The console's published files (the Blazor WebAssembly app), copied beside the Functions app under <c>console/</c>.
/// Resolves a request path to a file: the pre-compressed copy the client accepts, index.html for client-side routes,
/// nothing for a path outside the folder.
/// </summary>
public sealed partial class ConsoleFiles
{
    public const string FolderName = "console";

    private static readonly FileExtensionContentTypeProvider ContentTypes = CreateContentTypes();

    private readonly string root;
    private readonly Lazy<string?> indexScriptHashes;

    public ConsoleFiles(string root)
    {
        this.root = Path.GetFullPath(root);
        indexScriptHashes = new Lazy<string?>(HashInlineScripts);
    }

    /// <summary>The folder next to the app's assemblies, where the build and the deployment put the console.</summary>
    public static ConsoleFiles NextToApp() => new(Path.Combine(AppContext.BaseDirectory, FolderName));

    public bool IsPublished => File.Exists(Path.Combine(root, "index.html"));

    /// <summary>The file for <paramref name="path"/> (relative to /console/), or null when there is none.</summary>
    public ConsoleFile? Find(string? path, string acceptEncoding)
    {
        var relative = (path ?? "").Replace('\\', '/').Trim('/');
        if (relative.Split('/').Any(segment => segment is "." or ".." || segment.Contains(':')))
        {
            return null;
        }

        var isClientRoute = relative.Length == 0 || !Path.HasExtension(relative);
        var full = Path.GetFullPath(Path.Combine(root, isClientRoute ? "index.html" : relative));
        if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(full))
        {
            return null;
        }

        if (!ContentTypes.TryGetContentType(full, out var contentType))
        {
            return null;
        }

        var isIndex = isClientRoute || relative.Equals("index.html", StringComparison.OrdinalIgnoreCase);
        var immutable = !isIndex && Fingerprinted().IsMatch(Path.GetFileName(full));
        foreach (var (encoding, extension) in new[] { ("br", ".br"), ("gzip", ".gz") })
        {
            if (Accepts(acceptEncoding, encoding) && File.Exists(full + extension))
            {
                return new ConsoleFile(full + extension, contentType, encoding, immutable, isIndex);
            }
        }

        return new ConsoleFile(full, contentType, null, immutable, isIndex);
    }

    /// <summary>
    /// The Content-Security-Policy of the console's page. Blazor needs <c>wasm-unsafe-eval</c>; the import map is the one
    /// inline script, allowed by its hash; Fluent UI's web components set inline styles.
    /// </summary>
    public string ContentSecurityPolicy() =>
        $"default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{indexScriptHashes.Value}; style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data: https:; font-src 'self' data:; connect-src 'self'; frame-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    private string? HashInlineScripts()
    {
        var index = Path.Combine(root, "index.html");
        if (!File.Exists(index))
        {
            return null;
        }

        var hashes = InlineScripts().Matches(File.ReadAllText(index))
            .Select(match => $" 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(match.Groups[1].Value)))}'");
        return string.Concat(hashes);
    }

    private static bool Accepts(string acceptEncoding, string encoding) =>
        acceptEncoding.Split(',').Select(part => part.Split(';')[0].Trim())
            .Any(token => token.Equals(encoding, StringComparison.OrdinalIgnoreCase));

    private static FileExtensionContentTypeProvider CreateContentTypes()
    {
        var provider = new FileExtensionContentTypeProvider();
        provider.Mappings[".dat"] = "application/octet-stream";
        provider.Mappings[".blat"] = "application/octet-stream";
        provider.Mappings[".webcil"] = "application/octet-stream";
        provider.Mappings[".pdb"] = "application/octet-stream";
        return provider;
    }

    // Blazor's publish output names fingerprinted files name.{10 lowercase letters or digits}.ext.
    [GeneratedRegex(@"\.[a-z0-9]{10}\.[a-z]+$")]
    private static partial Regex Fingerprinted();

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex InlineScripts();
}
