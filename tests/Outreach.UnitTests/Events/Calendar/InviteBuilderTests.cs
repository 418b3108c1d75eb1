using System.Text;
using Ical.Net;
using Outreach.Core.Events.Calendar;
using Outreach.Core.Events.Sessions;

namespace Outreach.UnitTests.Events.Calendar;

public class InviteBuilderTests
{
    private readonly EventsTestKit kit = new();

    private string RequestFor(EventSession session) =>
        kit.Invites.BuildRequest(session, new InviteAttendee("claire.martin@example.org", "Claire Martin", "fr", "https://outreach.example.org/api/events/x/registration?token=t", JoinLink));

    private const string JoinLink = "https://outreach.example.org/api/join/claire-token";

    [Fact]
    public void The_invite_is_an_iTIP_request_Ical_Net_reads_back_at_noon_Paris_time()
    {
        var session = EventsTestKit.OctoberSession(29);

        var calendar = Ical.Net.Calendar.Load(RequestFor(session))!;
        var item = calendar.Events.Single();

        Assert.Equal("REQUEST", calendar.Method);
        Assert.Equal(InviteBuilder.Uid(session), item.Uid);
        Assert.Equal(0, item.Sequence);
        Assert.Equal("Europe/Paris", item.DtStart!.TzId);
        Assert.Equal(new DateTime(2026, 10, 29, 12, 0, 0), item.DtStart.Value);
        Assert.Equal(new DateTime(2026, 10, 29, 11, 0, 0, DateTimeKind.Utc), item.DtStart.AsUtc);
        Assert.Equal(new DateTime(2026, 10, 29, 12, 0, 0, DateTimeKind.Utc), item.DtEnd!.AsUtc);
        Assert.Equal("mailto:webinaires@outreach.example.org", item.Organizer!.Value!.ToString());
        var attendee = item.Attendees.Single();
        Assert.Equal("mailto:claire.martin@example.org", attendee.Value!.ToString());
        Assert.True(attendee.Rsvp);
        Assert.Equal("NEEDS-ACTION", attendee.ParticipationStatus);
        Assert.Equal("Les Jeudis de l'ODD 17 : La cartographie des acteurs", item.Summary);
        Assert.Contains(JoinLink, item.Description);
        Assert.Equal(JoinLink, item.Location);
        Assert.Equal(new Uri(JoinLink), item.Url);
        Assert.DoesNotContain("visio.example.org", RequestFor(session));
    }

    [Theory]
    [InlineData(1, 10)]
    [InlineData(22, 10)]
    [InlineData(29, 11)]
    public void Raw_lines_say_noon_Paris_and_the_VTIMEZONE_alone_gives_the_right_instant_on_both_sides_of_the_change(int day, int utcHour)
    {
        var text = RequestFor(EventsTestKit.OctoberSession(day));
        var lines = RawCalendar.Unfold(text);
        var vevent = RawCalendar.Component(lines, "VEVENT");
        var vtimezone = RawCalendar.Component(lines, "VTIMEZONE");

        Assert.Contains($"DTSTART;TZID=Europe/Paris:202610{day:00}T120000", vevent);
        Assert.Contains($"DTEND;TZID=Europe/Paris:202610{day:00}T130000", vevent);
        Assert.Equal("Europe/Paris", RawCalendar.Value(vtimezone, "TZID"));
        Assert.NotEmpty(RawCalendar.Component(vtimezone, "STANDARD"));
        Assert.NotEmpty(RawCalendar.Component(vtimezone, "DAYLIGHT"));

        var local = new DateTime(2026, 10, day, 12, 0, 0);
        var utc = local - RawCalendar.OffsetAt(vtimezone, local);
        Assert.Equal(new DateTime(2026, 10, day, utcHour, 0, 0), utc);
    }

    [Fact]
    public void Raw_lines_carry_method_uid_sequence_organizer_and_the_attendee_with_RSVP()
    {
        var session = EventsTestKit.OctoberSession(8, sequence: 3);
        var lines = RawCalendar.Unfold(RequestFor(session));
        var vevent = RawCalendar.Component(lines, "VEVENT");

        Assert.Contains("METHOD:REQUEST", lines);
        Assert.Contains($"UID:{InviteBuilder.Uid(session)}", vevent);
        Assert.Contains("SEQUENCE:3", vevent);
        Assert.Contains("STATUS:CONFIRMED", vevent);
        var organizer = RawCalendar.Parse(vevent.Single(l => l.StartsWith("ORGANIZER")));
        Assert.Equal("mailto:webinaires@outreach.example.org", organizer.Value);
        var attendee = RawCalendar.Parse(vevent.Single(l => l.StartsWith("ATTENDEE")));
        Assert.Equal("mailto:claire.martin@example.org", attendee.Value);
        Assert.Equal("TRUE", attendee.Parameters["RSVP"]);
        Assert.Equal("NEEDS-ACTION", attendee.Parameters["PARTSTAT"]);
        Assert.Matches(@"^\d{8}T\d{6}Z$", RawCalendar.Value(vevent, "DTSTAMP"));
    }

    [Fact]
    public void Lines_end_with_CRLF_and_are_folded_at_75_octets()
    {
        var text = RequestFor(EventsTestKit.OctoberSession(1) with { Description = new string('é', 200) });

        Assert.DoesNotContain("\n", text.Replace("\r\n", ""));
        Assert.All(text.Split("\r\n"), line => Assert.True(Encoding.UTF8.GetByteCount(line) <= 75, $"Line too long: {line}"));
    }

    [Fact]
    public void A_rescheduled_session_keeps_its_UID_and_raises_its_SEQUENCE()
    {
        var before = EventsTestKit.OctoberSession(15);
        var after = before with { LocalStart = before.LocalStart.AddHours(1), LocalEnd = before.LocalEnd.AddHours(1), Sequence = before.Sequence + 1 };

        var first = Ical.Net.Calendar.Load(RequestFor(before))!.Events.Single();
        var second = Ical.Net.Calendar.Load(RequestFor(after))!.Events.Single();

        Assert.Equal(first.Uid, second.Uid);
        Assert.Equal(first.Sequence + 1, second.Sequence);
        Assert.Equal(13, second.DtStart!.Value.Hour);
    }

    [Fact]
    public void A_cancellation_is_METHOD_CANCEL_with_STATUS_CANCELLED_and_the_same_UID()
    {
        var session = EventsTestKit.OctoberSession(22, sequence: 2) with { Status = SessionStatus.Cancelled };

        var text = kit.Invites.BuildCancel(session, new InviteAttendee("claire.martin@example.org", "Claire"));
        var calendar = Ical.Net.Calendar.Load(text)!;

        Assert.Equal("CANCEL", calendar.Method);
        Assert.Equal("CANCELLED", calendar.Events.Single().Status);
        Assert.Equal(InviteBuilder.Uid(session), calendar.Events.Single().Uid);
        Assert.Equal(2, calendar.Events.Single().Sequence);
        Assert.Contains("STATUS:CANCELLED", RawCalendar.Unfold(text));
    }

    [Fact]
    public void The_public_file_is_METHOD_PUBLISH_without_attendee_nor_join_link()
    {
        var text = kit.Invites.BuildPublish([EventsTestKit.OctoberSession(1), EventsTestKit.OctoberSession(8)]);
        var calendar = Ical.Net.Calendar.Load(text)!;

        Assert.Equal("PUBLISH", calendar.Method);
        Assert.Equal(2, calendar.Events.Count);
        Assert.All(calendar.Events, e => Assert.Empty(e.Attendees));
        Assert.All(calendar.Events, e => Assert.NotNull(e.Organizer));
        Assert.DoesNotContain("visio.example.org", text);
    }

    [Fact]
    public void The_organizer_is_never_the_attendee()
    {
        var session = EventsTestKit.OctoberSession(1);
        Assert.Throws<ArgumentException>(() => kit.Invites.BuildRequest(session, new InviteAttendee("WEBINAIRES@outreach.example.org", null)));
    }
}
