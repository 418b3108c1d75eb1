using Outreach.Core.Events;
using Outreach.Core.Pages.Rendering;
using Outreach.Core.Pages.Shared;
using Outreach.Core.Pages.Webinars;
using Outreach.Core.Common.Links;
using Outreach.Core.Subscriptions;
using System.Text;
using static Outreach.Core.Common.Localization.Language;
using Outreach.Core.Common.Localization;
using Outreach.Core.Common.Validation;
using Outreach.Core.Events.Calendar;
using Outreach.Core.Events.Registrations;
using Outreach.Core.Events.Registrations.OneClick;
using Outreach.Core.Events.Sessions;

namespace Outreach.Core.Pages;

/// <summary>What a session page shows: the session, its seats, and the form with previous values and errors.</summary>
public sealed record SessionPageModel(
    string Language,
    EventSession Session,
    EventSeries? Series,
    int? SeatsLeft,
    RegistrationResult? Unavailable,
    string? Email = null,
    string? FirstName = null,
    ValidationErrors? Errors = null,
    bool OfferWaitlist = false);

/// <summary>What a series page shows: its sessions, and the "follow the programme" form.</summary>
public sealed record SeriesPageModel(
    string Language,
    EventSeries Series,
    IReadOnlyList<EventSession> Sessions,
    IReadOnlyCollection<string> OpenSessionIds,
    string? Email = null,
    string? FirstName = null,
    ValidationErrors? Errors = null);

/// <summary>
/// The public pages of webinars and series, in French or English: list, session page with its registration form,
/// series page, confirmations, and the registrant's own cancellation. Each is a Razor component under <c>Pages/Webinars</c>.
/// </summary>
public sealed class EventPages(PageRenderer renderer, EventLinks links)
{
    public HtmlPage Upcoming(string language, IReadOnlyList<EventSession> sessions) =>
        renderer.Page<UpcomingPage, IReadOnlyList<EventSession>>(language, sessions);

    public HtmlPage Session(SessionPageModel model) => renderer.Page<SessionPage, SessionPageModel>(model.Language, model);

    public HtmlPage Registered(string language, EventSession session, string? status) =>
        renderer.Page<RegisteredPage, RegisteredPageModel>(language, new(session, status is RegistrationStatus.Waitlisted or RegistrationStatus.Pending ? status : RegistrationStatus.Registered));

    public HtmlPage ConfirmSeat(string language, EventSession session, string token) =>
        renderer.Page<ConfirmSeatPage, ConfirmSeatPageModel>(language, new(session, token));

    /// <summary>A "confirm my place" link whose request is gone (cancelled or erased).</summary>
    public HtmlPage SeatRequestGone(string language) => Problem(language, "events.confirm_seat.title", "events.confirm_seat.gone");

    /// <summary>Too many registration requests from the client's network this hour (429).</summary>
    public HtmlPage TooManyRequests(string language) => Problem(language, "events.too_many.title", "events.too_many.text");

    public HtmlPage Series(SeriesPageModel model) => renderer.Page<SeriesPage, SeriesPageModel>(model.Language, model);

    public HtmlPage SeriesRegistered(string language, EventSeries series, IReadOnlyList<RegistrationOutcome> outcomes, bool followProgramme) =>
        renderer.Page<SeriesRegisteredPage, SeriesRegisteredPageModel>(language, new(series, outcomes, followProgramme));

    public HtmlPage NotFound(string language) => Problem(language, "events.not_found.title", "events.not_found.text");

    /// <summary>A form post that could not register: past, cancelled or started (409/410), shown on the session page.</summary>
    public HtmlPage Unavailable(string language, EventSession session, RegistrationResult reason) =>
        Session(new SessionPageModel(language, session, null, null, reason));

    public HtmlPage ManageRegistration(string language, EventSession session, Registration registration, string token) =>
        renderer.Page<ManageRegistrationPage, ManageRegistrationPageModel>(language, new(session, registration, token));

    public HtmlPage RegistrationCancelled(string language, EventSession session) =>
        renderer.Page<MessagePage, MessagePageModel>(language, new MessagePageModel("events.cancelled.title", MessageKind.Done, "events.cancelled.done")
        {
            Detail = session.DisplayTitle,
            LinkKey = "events.manage.register_again",
            LinkUrl = links.SessionPage(session.Id, language),
        });

    /// <summary>A join link that does not lead to the call: no video link yet, no seat, cancelled (<see cref="JoinUnavailablePage"/>).</summary>
    public HtmlPage JoinUnavailable(string language, EventSession session, string reasonKey, bool problem) =>
        renderer.Page<JoinUnavailablePage, JoinUnavailablePageModel>(language, new(session, reasonKey, problem));

    /// <summary>A join link that is not ours, expired, or of no registration: said in a sentence, with the upcoming webinars.</summary>
    public HtmlPage JoinRefused(string language, string textKey) => Problem(language, "events.join.title", textKey);

    /// <summary>
    /// What a one-click registration link shows (GET) or answers (POST), with its status code: the button, the
    /// registration, "already registered", or a readable refusal (altered, expired, no longer subscribed, over, full).
    /// </summary>
    public (HtmlPage Page, int Status) OneClick(string language, OneClickOutcome outcome, OneClickTarget target, string id, string? token) => outcome.Result switch
    {
        OneClickResult.Offered => (renderer.Page<OneClickPage, OneClickPageModel>(language, new(outcome, EventLinks.OneClickAction(target, id, token ?? "", language))), 200),
        OneClickResult.Registered when outcome.Series is { } series => (SeriesRegistered(language, series, outcome.Outcomes, followProgramme: false), 200),
        OneClickResult.Registered => (Registered(language, outcome.Session!, RegistrationStatus.Registered), 200),
        OneClickResult.Waitlisted => (Registered(language, outcome.Session!, RegistrationStatus.Waitlisted), 200),
        OneClickResult.AlreadyRegistered => (AlreadyRegistered(language, outcome, target, id), 200),
        OneClickResult.NeedsAnswers => (Problem(language, "events.one_click.title", "events.one_click.needs_answers", TargetPage(target, id, language)), 409),
        OneClickResult.Full => (Problem(language, "events.one_click.title", "events.one_click.full_no_waitlist", TargetPage(target, id, language)), 409),
        OneClickResult.Unavailable when outcome.Session is { } session => (Unavailable(language, session, outcome.Reason!.Value), outcome.Reason == RegistrationResult.Closed ? 409 : 410),
        OneClickResult.Unavailable => (Problem(language, "events.one_click.series_title", "events.series.over", TargetPage(target, id, language)), 410),
        OneClickResult.NotFound => (NotFound(language), 404),
        OneClickResult.NotSubscribed => (Problem(language, "common.invalid_link.title", "events.one_click.not_subscribed", TargetPage(target, id, language)), 410),
        OneClickResult.Expired => (Problem(language, "common.invalid_link.title", "events.one_click.expired"), 410),
        _ => (InvalidLink(language, outcome.Check), 400),
    };

    private HtmlPage AlreadyRegistered(string language, OneClickOutcome outcome, OneClickTarget target, string id) =>
        renderer.Page<MessagePage, MessagePageModel>(language, new MessagePageModel("events.one_click.already_title", MessageKind.Done, "events.one_click.already")
        {
            Detail = outcome.Series?.Title ?? outcome.Session?.DisplayTitle,
            LinkKey = "events.one_click.see_page",
            LinkUrl = TargetPage(target, id, language),
        });

    private string TargetPage(OneClickTarget target, string id, string language) =>
        target == OneClickTarget.Series ? links.SeriesPage(id, language) : links.SessionPage(id, language);

    public HtmlPage InvalidLink(string language, TokenCheck check) =>
        Problem(language, "common.invalid_link.title", check == TokenCheck.WrongPurpose ? "common.invalid_link.wrong_purpose" : "common.invalid_link.altered");

    /// <summary>A form whose body could not be read (too large, not UTF-8).</summary>
    public HtmlPage BadForm(string language, string error) =>
        renderer.Page<MessagePage, MessagePageModel>(language, new MessagePageModel("common.invalid_form", MessageKind.Problem, Text: error));

    private HtmlPage Problem(string language, string titleKey, string textKey, string? pageUrl = null) =>
        renderer.Page<MessagePage, MessagePageModel>(language, new MessagePageModel(titleKey, MessageKind.Problem, textKey)
        {
            LinkKey = pageUrl is null ? "events.see_upcoming" : "events.one_click.see_page",
            LinkUrl = pageUrl ?? links.UpcomingPage(language),
        });
}
