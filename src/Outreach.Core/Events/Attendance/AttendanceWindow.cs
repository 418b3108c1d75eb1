using Outreach.Core.Events.Sessions;

namespace Outreach.Core.Events.Attendance;

/// <summary>
/// When a click on a personal join link counts as attendance: from <see cref="OpensBefore"/> before the start to the end.
/// A click outside (a link scanner on delivery, a look the day before, a replay viewer afterwards) records nothing.
/// </summary>
public static class AttendanceWindow
{
    public static readonly TimeSpan OpensBefore = TimeSpan.FromMinutes(15);

    /// <summary>How long a join link works after the session ends: late replay viewers still land on the video tool, not on an error.</summary>
    public static readonly TimeSpan LinkValidityAfterEnd = TimeSpan.FromDays(30);

    public static bool IsOpen(EventSession session, DateTimeOffset now) => now >= session.StartUtc - OpensBefore && now <= session.EndUtc;

    public static DateTimeOffset LinkExpiry(EventSession session) => session.EndUtc + LinkValidityAfterEnd;
}
