using Outreach.Core.Events.Calendar;
using Outreach.Core.Events.Mails;
using Outreach.Core.Events.Sessions;

namespace Outreach.UnitTests.Events.Sessions;

public class ScheduleRulesTests
{
    [Fact]
    public void A_reminder_is_due_from_its_lead_time_until_half_of_it_has_passed()
    {
        var session = EventsTestKit.OctoberSession(29);
        var start = session.StartUtc;

        Assert.False(ReminderDispatcher.IsDue(session, TimeSpan.FromDays(1), start - TimeSpan.FromHours(25)));
        Assert.True(ReminderDispatcher.IsDue(session, TimeSpan.FromDays(1), start - TimeSpan.FromHours(24)));
        Assert.True(ReminderDispatcher.IsDue(session, TimeSpan.FromDays(1), start - TimeSpan.FromHours(13)));
        Assert.False(ReminderDispatcher.IsDue(session, TimeSpan.FromDays(1), start - TimeSpan.FromHours(12)));
        Assert.True(ReminderDispatcher.IsDue(session, TimeSpan.FromHours(1), start - TimeSpan.FromMinutes(55)));
        Assert.False(ReminderDispatcher.IsDue(session, TimeSpan.FromHours(1), start - TimeSpan.FromMinutes(25)));
    }

    [Fact]
    public void Ledger_kinds_name_one_version_of_one_mail()
    {
        var start = new DateTimeOffset(2026, 10, 29, 11, 0, 0, TimeSpan.Zero);
        Assert.Equal("reminder-P1D-202610291100", LedgerKinds.Reminder(TimeSpan.FromDays(1), start));
        Assert.Equal("reminder-PT1H-202610291100", LedgerKinds.Reminder(TimeSpan.FromHours(1), start));
        Assert.Equal("invite-2", LedgerKinds.Invite(2));
        Assert.NotEqual(LedgerKinds.Replay("https://a.example.org/1"), LedgerKinds.Replay("https://a.example.org/2"));
    }

    [Fact]
    public void A_change_of_time_changes_the_invite_but_a_new_video_link_or_description_does_not()
    {
        var session = EventsTestKit.OctoberSession(1);
        Assert.True(EventAdminService.InviteChanged(session, session with { LocalStart = session.LocalStart.AddHours(1) }));
        Assert.False(EventAdminService.InviteChanged(session, session with { JoinUrl = "https://visio.example.org/other" }));
        Assert.False(EventAdminService.InviteChanged(session, session with { Description = "Nouveau texte" }));
    }

    [Fact]
    public void Session_times_read_naturally_in_French_and_English()
    {
        var session = EventsTestKit.OctoberSession(29);
        Assert.Equal("jeudi 29 octobre 2026, 12:00–13:00 (heure de Paris)", SessionTimes.When(session, "fr"));
        Assert.Equal("Thursday 29 October 2026, 12:00–13:00 (Paris time)", SessionTimes.When(session, "en"));
        Assert.Equal("30 minutes", SessionTimes.Lead(TimeSpan.FromMinutes(30), "fr"));
        Assert.Equal("2 jours", SessionTimes.Lead(TimeSpan.FromDays(2), "fr"));
    }

    [Fact]
    public async Task The_programme_mail_leads_with_the_week_topic_and_lists_the_whole_programme()
    {
        var kit = new EventsTestKit();
        var sessions = new[] { 1, 8, 15 }.Select(d => EventsTestKit.OctoberSession(d, topic: $"Outil {d}")).ToList();
        var series = new EventSeries
        {
            Id = "les-jeudis-de-l-odd-17-a1b2c3", Title = "Les Jeudis de l'ODD 17", TimeZone = "Europe/Paris", Weekday = DayOfWeek.Thursday,
            StartTime = new TimeOnly(12, 0), EndTime = new TimeOnly(13, 0), From = new DateOnly(2026, 10, 1), To = new DateOnly(2026, 10, 15),
            JoinUrl = "https://visio.example.org/jeudis-odd17", ProgrammeAudienceId = "jeudis-odd17", SessionIds = sessions.Select(s => s.Id).ToList(),
        };

        var announcement = await new ProgrammeMailBuilder(kit.Links, Mail.MailTestKit.Renderer()).BuildAsync(series, sessions[1], sessions);

        Assert.Equal("jeudis-odd17", announcement.AudienceId);
        Assert.Equal("Jeudi 8 octobre à 12:00 : Outil 8 — Les Jeudis de l'ODD 17", announcement.Subject);
        Assert.Contains("Outil 1", announcement.Text);
        Assert.Contains("Outil 15", announcement.Text);
        Assert.Contains($"{{{{oneClickUrl:session:{sessions[1].Id}:programme}}}}", announcement.Html); // each recipient's one-click links
        Assert.Contains($"{{{{oneClickUrl:series:{series.Id}:programme}}}}", announcement.Html);
        Assert.Contains(kit.Links.SessionPage(sessions[0].Id), announcement.Html);
        Assert.DoesNotContain("visio.example.org", announcement.Html);
    }
}
