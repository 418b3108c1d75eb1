using Outreach.Core.Audiences;
using Outreach.Core.Common.Localization;
using Outreach.Core.Events.Calendar;
using Outreach.Core.Events.Sessions;
using Outreach.Core.Newsletters;

namespace Outreach.Core.Events.Mails;

/// <summary>
/// A published replay becomes an article for the next digests, so the hebdo carries "last Thursday's replay" by itself.
/// It goes to every audience that has an automatic digest (La quotidienne and the hebdos, as scheduled) and, for a
/// series session, to the series' programme audience. One article per session: a replay sent again with the same link adds nothing, a new link replaces the
/// session's article. The team removes it like any other article (the digest desk deletes it).
/// </summary>
public sealed class ReplayArticles(ArticleStore articles, DigestSchedules digests, AudienceStore audiences, EventStore events, TimeProvider clock)
{
    /// <summary>Where an article about a session's replay says it came from: one session, one article.</summary>
    public static string SourceOf(string sessionId) => $"replay:{sessionId}";

    /// <summary>Makes the session's replay article for <paramref name="replayUrl"/>, removing the one of its previous replay link.</summary>
    public async Task PublishAsync(EventSession session, string replayUrl, CancellationToken cancellationToken = default)
    {
        if (session.ReplayUrl is { } previous && ArticleLinks.Normalise(previous) != ArticleLinks.Normalise(replayUrl))
            await RemoveAsync(session.Id, previous, cancellationToken);
        var concerned = await AudiencesOfAsync(session, cancellationToken);
        if (concerned.Count == 0 || ArticleLinks.Normalise(replayUrl) is not { } url) return;

        var now = clock.GetUtcNow();
        var wording = Strings.Shared.For(Language.French);
        await articles.AddAsync(new Article
        {
            Title = wording["events.replay_article.title", session.DisplayTitle],
            Summary = wording["events.replay_article.summary", SessionTimes.Day(session.LocalStart, Language.French)],
            Url = url,
            Audiences = concerned,
            PublishedAt = now,
            ReceivedAt = now,
            Source = SourceOf(session.Id),
        }, cancellationToken);
    }

    /// <summary>The audiences that have a digest, and the series' programme audience for a session of a series (known audiences only).</summary>
    public async Task<IReadOnlyList<string>> AudiencesOfAsync(EventSession session, CancellationToken cancellationToken = default)
    {
        var concerned = (await digests.ListAsync(cancellationToken)).Select(d => d.Audience).ToList();
        if (session.SeriesId is { } seriesId && await events.FindSeriesAsync(seriesId, cancellationToken) is { } series)
            concerned.Add(series.ProgrammeAudienceId);
        var known = (await audiences.ListAsync(cancellationToken)).Select(a => a.Id).ToHashSet();
        return concerned.Where(known.Contains).Distinct().ToList();
    }

    private async Task RemoveAsync(string sessionId, string replayUrl, CancellationToken cancellationToken)
    {
        var old = await articles.FindAsync(ArticleLinks.KeyOf(replayUrl), cancellationToken);
        if (old is not null && old.Source == SourceOf(sessionId)) await articles.DeleteAsync(old, cancellationToken);
    }
}
