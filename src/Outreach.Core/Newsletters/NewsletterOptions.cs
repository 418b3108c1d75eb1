using System.ComponentModel.DataAnnotations;
using Outreach.Core.Common.Time;

namespace Outreach.Core.Newsletters;

/// <summary>What newsletters say about the organisation (section <c>Newsletters</c>).</summary>
public sealed class NewsletterOptions
{
    public const string Section = "Newsletters";

    [Required]
    public string OrganisationName { get; set; } = "Outreach";

    /// <summary>The organisation's website; relative links in issues are resolved against it.</summary>
    [Required, Url]
    public string WebsiteUrl { get; set; } = "https://www.outreach.example.org/";

    /// <summary>Seeds the default templates and the sample October 2026 issue (as a draft) when they are missing.</summary>
    public bool SeedSample { get; set; } = true;
}

/// <summary>One automatic digest: an audience, the local days and time it leaves, the template it uses.</summary>
public sealed class DigestSchedule
{
    [Required, RegularExpression("^[a-z0-9-]{1,64}$")]
    public string Audience { get; set; } = "";

    /// <summary>Days of the week it leaves (<c>Monday</c>…<c>Sunday</c>); one day makes a weekly digest.</summary>
    [MinLength(1)]
    public List<DayOfWeek> Days { get; set; } = [];

    /// <summary>Local time in <c>TimeZone</c>, <c>HH:mm</c>.</summary>
    [Required, RegularExpression(@"^([01]\d|2[0-3]):[0-5]\d$", ErrorMessage = "Digests:Schedules:n:Time must be HH:mm.")]
    public string Time { get; set; } = "09:00";

    public string TemplateId { get; set; } = DefaultTemplates.DigestId;

    /// <summary>Every period waits for a publisher's approval before it goes (review before send).</summary>
    public bool ReviewBeforeSend { get; set; }

    public TimeOnly LocalTime => TimeOnly.ParseExact(Time, "HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A digest that leaves on one day a week is weekly; otherwise daily.</summary>
    public bool IsWeekly => Days.Distinct().Count() == 1;
}

/// <summary>
/// The automatic digests (section <c>Digests</c>). Without <c>Schedules</c> in configuration the organisation's
/// defaults apply: La quotidienne on weekdays at 08:30, the three hebdo lists on Tuesday, Wednesday and Friday at 09:00.
/// </summary>
public sealed class DigestOptions
{
    public const string Section = "Digests";

    public bool Enabled { get; set; } = true;

    /// <summary>How late a digest may still leave (host down, timer missed); later, it waits for the next period.</summary>
    [Range(1, 24)]
    public int CatchUpHours { get; set; } = 6;

    public List<DigestSchedule> Schedules { get; set; } = [];

    /// <summary>A period is still sent within <see cref="CatchUpHours"/> of its due time (a host that was down catches up); later it is not.</summary>
    public bool StillSends(DigestPeriod period, DateTimeOffset now) => now - period.DueAt <= TimeSpan.FromHours(CatchUpHours);

    public static List<DigestSchedule> Defaults() =>
    [
        new() { Audience = "quotidienne", Days = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday], Time = "08:30" },
        new() { Audience = "hebdo-entreprises", Days = [DayOfWeek.Tuesday], Time = "09:00" },
        new() { Audience = "hebdo-associations", Days = [DayOfWeek.Wednesday], Time = "09:00" },
        new() { Audience = "hebdo-grand-public", Days = [DayOfWeek.Friday], Time = "09:00" },
    ];
}

/// <summary>An RSS or Atom feed whose items become articles for the given audiences.</summary>
public sealed class ArticleFeed
{
    [Required, Url]
    public string Url { get; set; } = "";

    [MinLength(1)]
    public List<string> Audiences { get; set; } = [];
}

/// <summary>Article sources (section <c>Articles</c>).</summary>
public sealed class ArticleOptions
{
    public const string Section = "Articles";

    public List<ArticleFeed> Feeds { get; set; } = [];

    /// <summary>Feed items published longer ago than this are ignored (a new feed does not flood the next digest).</summary>
    [Range(1, 365)]
    public int MaxAgeDays { get; set; } = 7;

    /// <summary>Maximum articles in one digest (newest first).</summary>
    [Range(1, 100)]
    public int MaxPerDigest { get; set; } = 20;
}
