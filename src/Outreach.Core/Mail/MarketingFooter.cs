using Outreach.Core.Common.Localization;
using Outreach.Core.Pages;

namespace Outreach.Core.Mail;

/// <summary>The visible footer of every marketing message: why you get it, preferences, unsubscribe, postal address.</summary>
public static class MarketingFooter
{
    public static string Html(string language, string audienceName, string unsubscribeUrl, string preferencesUrl, string postalAddress) =>
        $"""
        <hr style="border:0;border-top:1px solid #d5d9e0;margin:24px 0">
        <p style="font-size:12px;color:#566070;line-height:1.5">
        {Pages.Html.Encode(Language.T(language, $"Vous recevez ce message car vous êtes inscrit·e à « {audienceName} ».", $"You receive this message because you subscribed to “{audienceName}”."))}<br>
        <a href="{Pages.Html.Encode(preferencesUrl)}" style="color:#123a6b">{Language.T(language, "Gérer mes préférences", "Manage my preferences")}</a> ·
        <a href="{Pages.Html.Encode(unsubscribeUrl)}" style="color:#123a6b">{Language.T(language, "Me désinscrire", "Unsubscribe")}</a><br>
        {Pages.Html.Encode(postalAddress)}
        </p>
        """;

    public static string Text(string language, string audienceName, string unsubscribeUrl, string preferencesUrl, string postalAddress) =>
        $"""

        --
        {Language.T(language, $"Vous recevez ce message car vous êtes inscrit·e à « {audienceName} ».", $"You receive this message because you subscribed to “{audienceName}”.")}
        {Language.T(language, "Gérer mes préférences", "Manage my preferences")} : {preferencesUrl}
        {Language.T(language, "Me désinscrire", "Unsubscribe")} : {unsubscribeUrl}
        {postalAddress}
        """;
}
