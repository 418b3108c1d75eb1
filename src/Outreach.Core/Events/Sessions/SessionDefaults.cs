using Microsoft.Extensions.Options;
using Outreach.Core.Common.Configuration;

namespace Outreach.Core.Events.Sessions;

/// <summary>What a new session or series gets unless the team says otherwise: the zone, the organizer, the waitlist, the programme audience.</summary>
public sealed class SessionDefaults(IOptions<OutreachOptions> outreach, IOptions<MailOptions> mail, IOptions<EventsOptions> options)
{
    public string TimeZone => outreach.Value.TimeZone;

    public string OrganizerName => mail.Value.FromName;

    public string OrganizerEmail => mail.Value.OrganizerAddress;

    public bool Waitlist => options.Value.WaitlistByDefault;

    public string ProgrammeAudienceId => options.Value.ProgrammeAudienceId;
}
