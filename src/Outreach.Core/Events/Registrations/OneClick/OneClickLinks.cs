using Outreach.Core.Campaigns.Rendering;
using Outreach.Core.Common.Links;
using Outreach.Core.Events.Calendar;
using Outreach.Core.Events.Sessions;

namespace Outreach.Core.Events.Registrations.OneClick;

/// <summary>
/// The campaign engine's personal links for the Events module: each <c>{{oneClickUrl:session:{id}:{source}}}</c> (or
/// <c>series:…</c>) of a campaign becomes the recipient's own signed one-click registration link, valid until the end of
/// the session (of the series' last session). The targets are read once per batch; signing is all that happens per recipient.
/// </summary>
public sealed class OneClickLinks(EventStore events, EventLinks links) : IPersonalLinks
{
    public async Task<PersonalLinksFor> PrepareAsync(IReadOnlyCollection<string> arguments, string language, CancellationToken cancellationToken = default)
    {
        var targets = new List<(string Argument, OneClickScope Scope, DateTimeOffset Expiry)>();
        foreach (var argument in arguments)
        {
            if (!OneClickScope.TryParse(argument, out var scope)) continue;
            if (await LastEndAsync(scope, cancellationToken) is { } end) targets.Add((argument, scope, end));
        }

        if (targets.Count == 0) return _ => new Dictionary<string, string>();
        return contactKey => targets.ToDictionary(
            t => t.Argument, t => links.OneClickRegistration(t.Scope, contactKey, t.Expiry, language), StringComparer.Ordinal);
    }

    /// <summary>When the link stops working: the end of the session, or of the series' last session; null when the target is unknown.</summary>
    private async Task<DateTimeOffset?> LastEndAsync(OneClickScope scope, CancellationToken cancellationToken)
    {
        if (scope.Target == OneClickTarget.Session) return (await events.FindSessionAsync(scope.Id, cancellationToken))?.EndUtc;
        var series = await events.FindSeriesAsync(scope.Id, cancellationToken);
        if (series is null) return null;
        var sessions = await events.ListSessionsAsync(series.SessionIds, cancellationToken);
        return sessions.Count == 0 ? null : sessions.Max(s => s.EndUtc);
    }
}
