using System.ComponentModel;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Outreach.Core.Audiences;
using Outreach.Core.Common.Links;
using Outreach.Core.Common.Localization;
using Outreach.Core.Common.Validation;
using Outreach.Core.Pages;
using Outreach.Core.Subscriptions;
using Outreach.Functions.Http;

namespace Outreach.Functions.Subscriptions;

/// <summary>The public sign-up journey: audiences, the form, the sign-up itself and its confirmation.</summary>
public sealed class SignupFunctions(AudienceService audiences, SubscriptionService subscriptions, SubscriptionPages pages, SignupFormModels forms)
{
    [Function("ListAudiences")]
    [Description("Audiences open for sign-up: id, name, description, cadence.")]
    public async Task<IActionResult> ListAudiences(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/audiences")] HttpRequest request, CancellationToken cancellationToken)
    {
        var open = await audiences.ListOpenAsync(cancellationToken);
        return ApiResults.JsonBody(open.Select(a => new { a.Id, a.Name, a.NameEn, a.Description, a.DescriptionEn, a.Cadence }));
    }

    [Function("SignupForm")]
    [Description("Hosted sign-up form with the profile fields the team chose; ?audience=ID preselects, ?structureType=TYPE chooses that type and preselects its hebdo, ?lang=en for English, ?format=snippet for the embeddable form alone.")]
    public async Task<IActionResult> SignupForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/signup")] HttpRequest request, CancellationToken cancellationToken)
    {
        var model = await forms.ForAsync(request.Language(), request.Query["audience"].OfType<string>().ToList(), request.Query["structureType"].FirstOrDefault(), cancellationToken);
        return request.Query["format"] == "snippet" ? ApiResults.EmbeddableHtml(pages.SignupSnippet(model)) : ApiResults.Html(pages.Signup(model));
    }

    [Function("CheckInbox")]
    [Description("The page shown after a form sign-up.")]
    public IActionResult CheckInbox(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/subscriptions/check-inbox")] HttpRequest request) =>
        ApiResults.Html(pages.CheckInbox(request.Language()));

    [Function("Subscribe")]
    [Description("Sign-up (JSON or form). Same answer whatever the address's state: 202 JSON, or 303 to the check-inbox page.")]
    public async Task<IActionResult> Subscribe(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/subscriptions")] HttpRequest request, CancellationToken cancellationToken)
    {
        if (RequestBody.IsForm(request)) return await SubscribeFromFormAsync(request, cancellationToken);
        if (!RequestBody.IsJson(request)) return ApiResults.UnsupportedContentType();

        var body = await RequestBody.ReadJsonAsync<SignupJson>(request, cancellationToken: cancellationToken);
        if (!body.Ok) return ApiResults.Unreadable(body.Error);
        var signup = body.Value!.ToRequest(request.Language());
        var errors = await subscriptions.ValidateAsync(signup, cancellationToken);
        if (!errors.IsValid) return ApiResults.Invalid(errors);

        await subscriptions.AcceptAsync(signup, new RequestOrigin("api", request.ClientIp()), cancellationToken);
        return ApiResults.JsonBody(new
        {
            status = "accepted",
            message = "If this address can receive our newsletters, a confirmation e-mail is on its way.",
        }, StatusCodes.Status202Accepted);
    }

    [Function("ConfirmSubscriptionPage")]
    [Description("The confirmation mail's link: a page with one \"confirm\" button; changes nothing (link scanners follow GETs). 400 page for a bad or expired token.")]
    public IActionResult ConfirmPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/subscriptions/confirm")] HttpRequest request)
    {
        var token = request.Query["token"].FirstOrDefault();
        var check = subscriptions.CheckConfirmation(token);
        return check == TokenCheck.Valid
            ? ApiResults.Html(pages.ConfirmPrompt(request.Language(), token!))
            : ApiResults.Html(pages.InvalidLink(request.Language(), check), 400);
    }

    [Function("ConfirmSubscription")]
    [Description("The confirmation page's button: confirms every list awaiting confirmation; 400 page for a bad or expired token.")]
    public async Task<IActionResult> Confirm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/subscriptions/confirm")] HttpRequest request, CancellationToken cancellationToken)
    {
        var form = RequestBody.IsForm(request) ? await RequestBody.ReadFormAsync(request, cancellationToken: cancellationToken) : null;
        var token = request.Query["token"].FirstOrDefault() ?? form?.Value?.GetValueOrDefault("token").FirstOrDefault();
        var result = await subscriptions.ConfirmAsync(token, request.Language(), new RequestOrigin("confirmation-link", request.ClientIp()), cancellationToken);
        if (result.Check != TokenCheck.Valid) return ApiResults.Html(pages.InvalidLink(request.Language(), result.Check), 400);
        return ApiResults.Html(pages.Confirmed(request.Language(), result.Confirmed, result.ContactKey!));
    }

    private async Task<IActionResult> SubscribeFromFormAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var form = await RequestBody.ReadFormAsync(request, cancellationToken: cancellationToken);
        var language = request.Language(form.Value?.GetValueOrDefault("lang").FirstOrDefault());
        if (!form.Ok)
        {
            var tooLarge = new ValidationErrors { { "form", form.Error! } };
            return ApiResults.Html(pages.Signup(new SignupFormModel(language, await audiences.ListOpenAsync(cancellationToken), [], Errors: tooLarge)), 400);
        }

        var signup = SignupFormPost.Read(form.Value!, language);
        var errors = await subscriptions.ValidateAsync(signup, cancellationToken);
        if (!errors.IsValid) return ApiResults.Html(pages.Signup(await forms.AgainAsync(language, signup, errors, cancellationToken)), 400);

        await subscriptions.AcceptAsync(signup, new RequestOrigin("signup-form", request.ClientIp()), cancellationToken);
        return ApiResults.SeeOther(PublicUrls.Local("subscriptions/check-inbox", language));
    }

    private sealed record SignupJson(
        string? Email, string? FirstName, List<string>? Audiences, bool? Consent, string? Source, string? Website, string? Lang,
        string? LastName, string? Organisation, string? StructureType, Dictionary<string, string?>? Fields)
    {
        public SignupRequest ToRequest(string language) => new()
        {
            Email = Email, FirstName = FirstName, Audiences = Audiences ?? [], Consent = Consent == true, Source = Source, Website = Website,
            Language = Lang is null ? language : Language.From(Lang),
            Details = new Core.Audiences.Profiles.SignupDetails(LastName, Organisation, StructureType, Fields),
        };
    }
}
