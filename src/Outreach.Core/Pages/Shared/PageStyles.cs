using System.Security.Cryptography;
using System.Text;

namespace Outreach.Core.Pages.Shared;

/// <summary>
/// The one stylesheet of the public pages (<c>site.css</c>, embedded). <see cref="ContentSecurityPolicyHash"/> lets a
/// <c>Content-Security-Policy: style-src</c> allow exactly this inline block.
/// </summary>
public static class PageStyles
{
    public static string Css { get; } = Load();

    public static string ContentSecurityPolicyHash { get; } = "'sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Css))) + "'";

    private static string Load()
    {
        var assembly = typeof(PageStyles).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith(".site.css", StringComparison.Ordinal));
        using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
        return reader.ReadToEnd().Trim();
    }
}
