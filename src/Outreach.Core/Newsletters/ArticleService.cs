using Outreach.Core.Audiences;
using Outreach.Core.Common.Validation;
using Outreach.Core.Mail;
using Outreach.Core.Subscriptions;

namespace Outreach.Core.Newsletters;

/// <summary>The body of <c>POST /api/admin/articles</c>.</summary>
public sealed record ArticleDraft(string? Title, string? Summary, string? Url, IReadOnlyList<string>? Audiences, DateTimeOffset? PublishedAt);

public sealed record ArticleResult(Article? Article, ArticleAdded? Outcome, ValidationErrors Errors);

/// <summary>Adds articles by hand (the admin API); feeds go through <see cref="FeedPoller"/>.</summary>
public sealed class ArticleService(ArticleStore store, AudienceStore audiences, TimeProvider clock)
{
    public const int MaxTitle = 300;
    public const int MaxSummary = 2_000;
    public const int MaxUrl = 2_000;

    public async Task<ArticleResult> AddAsync(ArticleDraft draft, CancellationToken cancellationToken = default)
    {
        var known = (await audiences.ListAsync(cancellationToken)).Select(a => a.Id).ToHashSet();
        var errors = Validate(draft, known);
        if (!errors.IsValid) return new ArticleResult(null, null, errors);

        var now = clock.GetUtcNow();
        var article = new Article
        {
            Title = draft.Title!.Trim(),
            Summary = draft.Summary?.Trim() ?? "",
            Url = ArticleLinks.Normalise(draft.Url)!,
            Audiences = draft.Audiences!.Distinct().ToList(),
            PublishedAt = draft.PublishedAt ?? now,
            ReceivedAt = now,
        };
        return new ArticleResult(article, await store.AddAsync(article, cancellationToken), errors);
    }

    /// <summary>Changes an article's title and summary (its link and audiences stay: a new link is a new article).</summary>
    public async Task<ArticleResult> EditAsync(string id, ArticleDraft draft, CancellationToken cancellationToken = default)
    {
        if (await store.FindAsync(id, cancellationToken) is not { } article) return new ArticleResult(null, null, new ValidationErrors());
        var errors = Validate(draft with { Url = article.Url, Audiences = article.Audiences }, article.Audiences.ToHashSet());
        if (!errors.IsValid) return new ArticleResult(article, null, errors);
        var edited = article with { Title = draft.Title!.Trim(), Summary = draft.Summary?.Trim() ?? "" };
        await store.UpdateAsync(edited, cancellationToken);
        return new ArticleResult(edited, ArticleAdded.Added, errors);
    }

    /// <summary>Deletes an article; false when there is none with that id.</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        if (await store.FindAsync(id, cancellationToken) is not { } article) return false;
        await store.DeleteAsync(article, cancellationToken);
        return true;
    }

    public static ValidationErrors Validate(ArticleDraft draft, IReadOnlySet<string> knownAudiences)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(draft.Title)) errors.Add("title", "title is required.");
        else if (draft.Title.Length > MaxTitle || !HeaderValues.IsSafe(draft.Title)) errors.Add("title", $"title must be one line of at most {MaxTitle} characters.");
        if (draft.Summary?.Length > MaxSummary) errors.Add("summary", $"summary must be at most {MaxSummary} characters.");
        if (draft.Url is null || draft.Url.Length > MaxUrl || ArticleLinks.Normalise(draft.Url) is null) errors.Add("url", "url must be an absolute http(s) URL.");
        if (draft.Audiences is not { Count: > 0 }) errors.Add("audiences", "At least one audience is required.");
        else foreach (var unknown in draft.Audiences.Where(a => !knownAudiences.Contains(a)).Distinct()) errors.Add("audiences", $"Unknown audience: {unknown}.");
        return errors;
    }
}
