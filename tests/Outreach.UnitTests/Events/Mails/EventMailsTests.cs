using MimeKit;
using Outreach.Core.Events.Registrations;
using Outreach.Core.Events.Sessions;
using Outreach.Core.Mail;

namespace Outreach.UnitTests.Events.Mails;

public class EventMailsTests
{
    private readonly EventsTestKit kit = new();

    [Fact]
    public async Task The_confirmation_carries_the_invite_the_personal_join_link_never_the_video_link_and_add_to_calendar_links()
    {
        var session = EventsTestKit.OctoberSession(29);
        var mail = await kit.Mails.ConfirmationAsync(session, EventsTestKit.Registrant(session));

        Assert.Equal("Inscription confirmée : Les Jeudis de l'ODD 17 : La cartographie des acteurs", mail.Subject);
        Assert.Equal("REQUEST", mail.Calendar!.Method);
        Assert.Equal("invite.ics", mail.Calendar.FileName);
        Assert.Contains("jeudi 29 octobre 2026, 12:00–13:00 (heure de Paris)", mail.Text);
        Assert.Contains("/api/join/", mail.Html);
        Assert.DoesNotContain("visio.example.org", mail.Html + mail.Text + mail.Calendar.Content);
        Assert.Contains("https://calendar.google.com/calendar/render?action=TEMPLATE", mail.Html);
        Assert.Contains("dates=20261029T110000Z/20261029T120000Z", mail.Text);
        Assert.Contains("https://outlook.office.com/calendar/0/deeplink/compose", mail.Text);
        Assert.Contains("/registration?token=", mail.Text);
        Assert.Empty(mail.Headers);
    }

    [Fact]
    public async Task Updates_and_reminders_carry_the_personal_join_link_never_the_video_link()
    {
        var session = EventsTestKit.OctoberSession(29, sequence: 1);
        var registrant = EventsTestKit.Registrant(session);

        foreach (var mail in new[] { await kit.Mails.UpdateAsync(session, registrant), await kit.Mails.ReminderAsync(session, registrant, TimeSpan.FromHours(1)) })
        {
            Assert.Contains("https://outreach.example.org/api/join/", mail.Html);
            Assert.Contains("https://outreach.example.org/api/join/", mail.Text);
            Assert.DoesNotContain("visio.example.org", mail.Html + mail.Text + mail.Calendar?.Content);
        }
    }

    [Fact]
    public async Task The_waitlist_mail_has_no_invite_and_no_join_link()
    {
        var session = EventsTestKit.OctoberSession(8);
        var mail = await kit.Mails.WaitlistedAsync(session, EventsTestKit.Registrant(session) with { Status = RegistrationStatus.Waitlisted });

        Assert.Null(mail.Calendar);
        Assert.DoesNotContain("visio.example.org", mail.Html);
        Assert.DoesNotContain("visio.example.org", mail.Text);
    }

    [Fact]
    public async Task The_cancellation_carries_METHOD_CANCEL_to_registrants_and_a_plain_notice_to_the_waitlist()
    {
        var session = EventsTestKit.OctoberSession(8, sequence: 1) with { Status = SessionStatus.Cancelled };
        var registrant = EventsTestKit.Registrant(session);

        Assert.Equal("CANCEL", (await kit.Mails.SessionCancelledAsync(session, registrant)).Calendar!.Method);
        Assert.Null((await kit.Mails.SessionCancelledAsync(session, registrant with { Status = RegistrationStatus.Waitlisted })).Calendar);
    }

    [Fact]
    public async Task The_replay_says_who_attended_and_who_missed_it()
    {
        var session = EventsTestKit.OctoberSession(1);
        var registrant = EventsTestKit.Registrant(session);

        var attended = await kit.Mails.ReplayAsync(session, registrant with { Attended = true }, "https://replay.example.org/1");
        var missed = await kit.Mails.ReplayAsync(session, registrant with { Attended = false }, "https://replay.example.org/1");
        var unknown = await kit.Mails.ReplayAsync(session, registrant, "https://replay.example.org/1");

        Assert.Contains("Merci d'avoir participé", attended.Text);
        Assert.Contains("Vous n'avez pas pu être des nôtres", missed.Text);
        Assert.StartsWith("Vous l'avez manqué ?", missed.Subject);
        Assert.Contains("Que vous l'ayez suivi en direct ou manqué", unknown.Text);
        Assert.All(new[] { attended, missed, unknown }, m => Assert.Contains("https://replay.example.org/1", m.Html));
    }

    [Fact]
    public async Task Reminders_say_how_soon()
    {
        var session = EventsTestKit.OctoberSession(1);
        var registrant = EventsTestKit.Registrant(session);

        Assert.Equal("Dans 1 heure : Les Jeudis de l'ODD 17 : La cartographie des acteurs", (await kit.Mails.ReminderAsync(session, registrant, TimeSpan.FromHours(1))).Subject);
        Assert.Equal("Rappel : Les Jeudis de l'ODD 17 : La cartographie des acteurs, jeudi 1 octobre à 12:00", (await kit.Mails.ReminderAsync(session, registrant, TimeSpan.FromDays(1))).Subject);
        Assert.Equal("In 1 hour: Les Jeudis de l'ODD 17 : La cartographie des acteurs", (await kit.Mails.ReminderAsync(session, registrant with { Language = "en" }, TimeSpan.FromHours(1))).Subject);
    }

    [Fact]
    public async Task User_text_is_encoded_in_the_HTML()
    {
        var session = EventsTestKit.OctoberSession(1) with { Title = "<script>alert(1)</script>" };
        var mail = await kit.Mails.ConfirmationAsync(session, EventsTestKit.Registrant(session, firstName: "<b>Eve</b>"));

        Assert.DoesNotContain("<script>", mail.Html);
        Assert.DoesNotContain("<b>Eve</b>", mail.Html);
    }

    [Fact]
    public async Task In_MIME_the_calendar_comes_after_text_and_HTML_and_the_ics_is_attached()
    {
        var session = EventsTestKit.OctoberSession(29);
        var mime = MimeMessageBuilder.Build(await kit.Mails.ConfirmationAsync(session, EventsTestKit.Registrant(session)), new MailAddress("newsletter@outreach.example.org", "Outreach"), kit.Clock.GetUtcNow());

        var mixed = Assert.IsType<Multipart>(mime.Body);
        var alternative = Assert.IsType<MultipartAlternative>(mixed[0]);
        Assert.Equal(["text/plain", "text/html", "text/calendar"], alternative.Select(p => p.ContentType.MimeType));
        Assert.Equal("REQUEST", alternative[2].ContentType.Parameters["method"]);
        var attachment = Assert.IsType<MimePart>(mixed[1]);
        Assert.Equal("application/ics", attachment.ContentType.MimeType);
        Assert.Equal("invite.ics", attachment.FileName);
    }

    [Fact]
    public async Task For_SendGrid_the_content_is_text_HTML_then_calendar_and_the_ics_is_attached()
    {
        var sender = new SendGridMailSender(
            Microsoft.Extensions.Options.Options.Create(new Outreach.Core.Common.Configuration.SendGridOptions()),
            Microsoft.Extensions.Options.Options.Create(new Outreach.Core.Common.Configuration.MailOptions()),
            null!);
        var session = EventsTestKit.OctoberSession(29);

        var json = System.Text.Json.JsonDocument.Parse(sender.ToSendGridMessage(await kit.Mails.ConfirmationAsync(session, EventsTestKit.Registrant(session))).Serialize());

        var types = json.RootElement.GetProperty("content").EnumerateArray().Select(c => c.GetProperty("type").GetString()).ToList();
        Assert.Equal(["text/plain", "text/html", "text/calendar; method=REQUEST"], types);
        Assert.Contains("BEGIN:VCALENDAR", json.RootElement.GetProperty("content")[2].GetProperty("value").GetString());
        var attachment = json.RootElement.GetProperty("attachments")[0];
        Assert.Equal("application/ics", attachment.GetProperty("type").GetString());
        Assert.Equal("invite.ics", attachment.GetProperty("filename").GetString());
        Assert.False(json.RootElement.TryGetProperty("headers", out _));
    }
}
