using System.Text.Encodings.Web;
using System.Text.Unicode;
using Fluid;
using Outreach.Core.Mail.Templates;

namespace Outreach.Core.Campaigns.Rendering.Fragments;

/// <summary>
/// What a campaign written as raw HTML gets around it (<c>preheader.liquid</c>, <c>footer.liquid</c> and its text twin,
/// shipped beside this class): rendered once per campaign, values HTML-encoded, placeholders such as
/// <c>{{unsubscribeUrl}}</c> passed through as values for the per-recipient substitution.
/// </summary>
public static class CampaignFragments
{
    private static readonly TextEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);
    private static readonly IFluidTemplate Preheader = Parse("preheader.liquid");
    private static readonly IFluidTemplate Footer = Parse("footer.liquid");
    private static readonly IFluidTemplate FooterText = Parse("footer.txt.liquid");

    public static string PreheaderHtml(string preheader) =>
        Render(Preheader, Html, new Dictionary<string, object?> { ["preheader"] = preheader }).TrimEnd();

    public static string FooterHtml(FooterValues values) => Render(Footer, Html, values.ToVariables()).TrimEnd();

    public static string FooterPlainText(FooterValues values) => Render(FooterText, NullEncoder.Default, values.ToVariables()).TrimEnd();

    private static string Render(IFluidTemplate template, TextEncoder encoder, IReadOnlyDictionary<string, object?> variables)
    {
        var context = new TemplateContext();
        foreach (var (name, value) in variables) context.SetValue(name, value);
        return template.Render(context, encoder);
    }

    private static IFluidTemplate Parse(string fileName)
    {
        var assembly = typeof(CampaignFragments).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith(".Campaigns.Rendering.Fragments." + fileName, StringComparison.Ordinal));
        using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
        return new FluidParser().Parse(reader.ReadToEnd());
    }
}

/// <summary>The footer's values: the audience's name and the two links (placeholders in a campaign), who sends.</summary>
public sealed record FooterValues(string Language, string Audience, string UnsubscribeUrl, string PreferencesUrl, string PostalAddress)
{
    public IReadOnlyDictionary<string, object?> ToVariables() => new Dictionary<string, object?>
    {
        ["t"] = MailLayout.Wording(Language),
        ["audience"] = Audience,
        ["unsubscribe"] = UnsubscribeUrl,
        ["preferences"] = PreferencesUrl,
        ["postal_address"] = PostalAddress,
    };
}
