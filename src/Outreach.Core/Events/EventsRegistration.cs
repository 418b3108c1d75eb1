using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Outreach.Core.Events.Calendar;
using Outreach.Core.Events.Mails;
using Outreach.Core.Events.Registrations;
using Outreach.Core.Events.Registrations.OneClick;
using Outreach.Core.Events.Sessions;
using Outreach.Core.Mail.Templates;

namespace Outreach.Core.Events;

/// <summary>Registers the Events capability's services; called once by AddOutreachCore.</summary>
public static class EventsRegistration
{
    public static IServiceCollection AddEvents(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EventsOptions>().Bind(configuration.GetSection(EventsOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<EventStore>();
        services.AddSingleton<RegistrationStore>();
        services.AddSingleton<EventMailLedger>();
        services.AddSingleton<EventLinks>();
        services.AddSingleton<InviteBuilder>();
        services.AddSingleton<EventMails>();
        services.AddSingleton<IMailTemplateFamily, EventMailTemplates>();
        services.AddSingleton<RegistrationMailer>();
        services.AddSingleton<RegistrationAllowance>();
        services.AddSingleton<Enrolment>();
        services.AddSingleton<RegistrationConsent>();
        services.AddSingleton<RegistrationService>();
        services.AddSingleton<SeriesRegistrationService>();
        services.AddSingleton<EventMailFanOut>();
        services.AddSingleton<SessionDefaults>();
        services.AddSingleton<EventAdminService>();
        services.AddSingleton<SeriesAdminService>();
        services.AddSingleton<ReplayService>();
        services.AddSingleton<ReplayArticles>();
        services.AddSingleton<Attendance.JoinService>();
        services.AddSingleton<RegistrantReport>();
        services.AddSingleton<ReminderDispatcher>();
        services.AddSingleton<EventMailScheduler>();
        services.AddSingleton<ProgrammeMailBuilder>();
        services.AddSingleton<ProgrammeDispatcher>();
        services.AddSingleton<UpcomingSessions>();
        services.AddSingleton<EventCatalog>();
        services.AddSingleton<EventListing>();
        services.AddSingleton<Newsletters.IUpcomingSessions, UpcomingSessionsForNewsletters>();
        services.AddSingleton<RegistrationPrivacy>();
        services.AddSingleton<Audiences.Segments.IEventEngagement, RegistrationEngagement>();

        services.AddSingleton<OneClickRegistrationService>();
        services.AddSingleton<Campaigns.Rendering.IPersonalLinks, OneClickLinks>();
        services.AddSingleton<Pages.EventPages>();

        // Programme announcements go out as campaigns of the delivery engine.
        services.AddSingleton<IProgrammeAnnouncementPublisher, CampaignProgrammePublisher>();
        return services;
    }
}
