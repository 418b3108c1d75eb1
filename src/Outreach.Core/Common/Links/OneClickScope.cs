namespace Outreach.Core.Common.Links;

/// <summary>What a one-click registration link registers to: a session or a whole series.</summary>
public enum OneClickTarget
{
    Session,
    Series,
}

/// <summary>
/// The scope of a one-click registration token and the argument of its mail placeholder: <c>session:{id}:{source}</c> or
/// <c>series:{id}:{source}</c>, where the source is the mail the link came from (<c>newsletter</c>, <c>digest</c>,
/// <c>programme</c>). Signed with the token, so neither the target nor the source can be changed. <c>:</c> separates
/// (the token payload itself uses <c>|</c>); ids never hold one, and the source is read after the last one anyway.
/// </summary>
public sealed record OneClickScope(OneClickTarget Target, string Id, string Source)
{
    public const string Newsletter = "newsletter";
    public const string Digest = "digest";
    public const string Programme = "programme";

    public static readonly IReadOnlyList<string> Sources = [Newsletter, Digest, Programme];

    public static OneClickScope ForSession(string sessionId, string source) => new(OneClickTarget.Session, sessionId, source);

    public static OneClickScope ForSeries(string seriesId, string source) => new(OneClickTarget.Series, seriesId, source);

    public override string ToString() => $"{TargetName(Target)}:{Id}:{Source}";

    public static bool TryParse(string? text, out OneClickScope scope)
    {
        scope = null!;
        if (string.IsNullOrEmpty(text)) return false;
        var first = text.IndexOf(':');
        var last = text.LastIndexOf(':');
        if (first <= 0 || last == first || last == text.Length - 1) return false;
        var target = text[..first] switch
        {
            "session" => OneClickTarget.Session,
            "series" => OneClickTarget.Series,
            _ => (OneClickTarget?)null,
        };
        var id = text[(first + 1)..last];
        var source = text[(last + 1)..];
        if (target is null || id.Length == 0 || !Sources.Contains(source)) return false;
        scope = new OneClickScope(target.Value, id, source);
        return true;
    }

    private static string TargetName(OneClickTarget target) => target == OneClickTarget.Series ? "series" : "session";
}
