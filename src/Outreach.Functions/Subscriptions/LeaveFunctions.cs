using System.ComponentModel;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outreach.Core.Common.Localization;
using Outreach.Core.Common.Validation;
using Outreach.Core.Pages;
using Outreach.Core.Common.Links;
using Outreach.Core.Subscriptions;
using Outreach.Functions.Http;

namespace Outreach.Functions.Subscriptions;

/// <summary>Unsubscribe (page and RFC 8058 one-click) and the preference centre, reached through signed mail links.</summary>
public sealed class LeaveFunctions(PreferenceService preferences, SubscriptionPages pages)
{
    [Function("UnsubscribePage")]
    [Description("Page with a one-button form; changes nothing, since mail scanners follow GET links.")]
    public async Task<IActionResult> UnsubscribePage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/unsubscribe")] HttpRequest request, CancellationToken cancellationToken)
    {
        var token = request.Query["token"].FirstOrDefault();
        var (check, view) = await preferences.DescribeUnsubscribeAsync(token, cancellationToken);
        return view is null
            ? ApiResults.Html(pages.InvalidLink(request.Language(), check), 400)
            : ApiResults.Html(pages.Unsubscribe(request.Language(), view, token!));
    }

    [Function("Unsubscribe")]
    [Description("RFC 8058 one-click (body List-Unsubscribe=One-Click) or the page's button.")]
    public async Task<IActionResult> Unsubscribe(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/unsubscribe")] HttpRequest request, CancellationToken cancellationToken)
    {
        var form = RequestBody.IsForm(request) ? await RequestBody.ReadFormAsync(request, cancellationToken: cancellationToken) : null;
        var oneClick = form?.Value?.GetValueOrDefault("List-Unsubscribe").FirstOrDefault() == "One-Click";
        var token = request.Query["token"].FirstOrDefault() ?? form?.Value?.GetValueOrDefault("token").FirstOrDefault();
        var origin = new RequestOrigin(oneClick ? "one-click" : "unsubscribe-page", request.ClientIp());
        var (check, view) = await preferences.UnsubscribeAsync(token, origin, cancellationToken);

        if (oneClick) return view is null ? ApiResults.Text("Invalid unsubscribe link.", 400) : ApiResults.Text("Unsubscribed.");
        return view is null
            ? ApiResults.Html(pages.InvalidLink(request.Language(), check), 400)
            : ApiResults.Html(pages.Unsubscribed(request.Language(), view));
    }

    [Function("PreferencesPage")]
    [Description("Preference centre: see and change one's lists, or leave everything.")]
    public async Task<IActionResult> PreferencesPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/preferences")] HttpRequest request, CancellationToken cancellationToken)
    {
        var token = request.Query["token"].FirstOrDefault();
        var (check, view) = await preferences.GetPreferencesAsync(token, cancellationToken);
        return view is null
            ? InvalidPreferencesLink(request.Language(), check, token)
            : ApiResults.Html(pages.Preferences(request.Language(), view, token!));
    }

    [Function("SendFreshPreferencesLink")]
    [Description("From the page an expired preference link shows: mails a fresh link to the address it was made for (rate-limited). Same answer whatever the address.")]
    public async Task<IActionResult> SendFreshPreferencesLink(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/preferences/new-link")] HttpRequest request, CancellationToken cancellationToken)
    {
        var check = await preferences.SendFreshPreferencesLinkAsync(request.Query["token"].FirstOrDefault(), cancellationToken);
        return check == TokenCheck.Valid
            ? ApiResults.Html(pages.PreferencesLinkSent(request.Language()))
            : ApiResults.Html(pages.InvalidLink(request.Language(), check), 400);
    }

    [Function("SavePreferences")]
    [Description("Saves the preference centre's form (audiences repeated; action=save or leave-all).")]
    public async Task<IActionResult> SavePreferences(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/preferences")] HttpRequest request, CancellationToken cancellationToken)
    {
        var language = request.Language();
        var form = await RequestBody.ReadFormAsync(request, cancellationToken: cancellationToken);
        if (!form.Ok) return ApiResults.Html(pages.RequestRefused(language, form.Error), 400);

        var token = request.Query["token"].FirstOrDefault() ?? form.Value!.GetValueOrDefault("token").FirstOrDefault();
        var selected = form.Value!.GetValueOrDefault("audiences").OfType<string>().ToList();
        var leaveAll = form.Value!.GetValueOrDefault("action").FirstOrDefault() == "leave-all";
        var (check, view, awaitingConfirmation) = await preferences.SavePreferencesAsync(token, selected, leaveAll, new RequestOrigin("preference-centre", request.ClientIp()), cancellationToken);
        if (view is null) return InvalidPreferencesLink(language, check, token);
        var saved = leaveAll ? PreferencesSaved.LeftEverything
            : awaitingConfirmation.Count > 0 ? PreferencesSaved.ChoicesAwaitingConfirmation
            : PreferencesSaved.Choices;
        return ApiResults.Html(pages.Preferences(language, view, token!, saved));
    }

    private IActionResult InvalidPreferencesLink(string language, TokenCheck check, string? token) => check == TokenCheck.Expired
        ? ApiResults.Html(pages.PreferencesLinkExpired(language, token!), 400)
        : ApiResults.Html(pages.InvalidLink(language, check), 400);
}
