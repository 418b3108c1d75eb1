using Outreach.Core.Common.Links;
using Outreach.Core.Audiences;
using Outreach.Core.Subscriptions;

namespace Outreach.Core.Newsletters;

/// <summary>One issue rendered for one kind of reader: the preview (a subscriber named Marie), the web copy, the campaign body.</summary>
public sealed class IssueRendering(TemplateStore templates, AudienceStore audiences, MailRenderer renderer, NewsletterViews views, ICampaignEngine campaigns, SubscriptionLinks links)
{
    public TimeZoneInfo Zone => views.Zone;

    public string DateLabelOf(NewsletterIssue issue) => views.DateLabel(issue);

    /// <summary>The issue as a subscriber named Marie would see it (links absolute, CSS inlined).</summary>
    public async Task<RenderedMail> PreviewAsync(NewsletterIssue issue, CancellationToken cancellationToken = default)
    {
        var audience = await AudienceOfAsync(issue, cancellationToken);
        var recipientLinks = new RecipientLinks(links.Unsubscribe("preview", audience.Id, issue.Language), links.Preferences("preview", issue.Language));
        return await RenderAsync(issue, audience, Recipients.Sample(issue.Language), recipientLinks, cancellationToken: cancellationToken);
    }

    /// <summary>The web copy for the archive: no personal data, no personal links.</summary>
    public async Task<RenderedMail> WebCopyAsync(NewsletterIssue issue, CancellationToken cancellationToken = default)
    {
        var audience = await AudienceOfAsync(issue, cancellationToken);
        return await RenderAsync(issue, audience, Recipients.Anonymous(issue.Language), RecipientLinks.None, cancellationToken: cancellationToken);
    }

    /// <summary>The campaign body: rendered once, per-recipient values left as the engine's placeholders.</summary>
    public async Task<CampaignOrder> CampaignOrderAsync(NewsletterIssue issue, string sourceId, CancellationToken cancellationToken = default)
    {
        var audience = await AudienceOfAsync(issue, cancellationToken);
        var placeholders = campaigns.Placeholders;
        var body = await RenderAsync(issue, audience, placeholders.RecipientFor(issue.Language), placeholders.LinksWithOneClick(OneClickScope.Newsletter), placeholders.AudienceName, cancellationToken);
        return new CampaignOrder
        {
            SourceId = sourceId,
            Subject = body.Subject,
            Html = body.Html,
            Text = body.Text,
            Audiences = issue.Content.Audiences,
            Language = issue.Language,
            Category = "newsletter",
        };
    }

    /// <summary>Renders one issue for one kind of reader with its own template.</summary>
    public async Task<RenderedMail> RenderAsync(
        NewsletterIssue issue, Audience audience, RecipientView recipient, RecipientLinks recipientLinks, string? audienceName = null, CancellationToken cancellationToken = default)
    {
        var template = await templates.FindAsync(issue.TemplateId, cancellationToken)
                       ?? await templates.FindAsync(DefaultTemplates.NewsletterId, cancellationToken)
                       ?? DefaultTemplates.All[0];
        var view = await views.IssueAsync(issue, audience, recipient, recipientLinks, audienceName, cancellationToken);
        return await renderer.RenderAsync(template.Source, view);
    }

    /// <summary>The audience named in the footer: the first one (an issue sent to several lists is signed by its first).</summary>
    private async Task<Audience> AudienceOfAsync(NewsletterIssue issue, CancellationToken cancellationToken)
    {
        var first = issue.Content.Audiences.FirstOrDefault() ?? DefaultAudiences.Newsletter;
        return await audiences.FindAsync(first, cancellationToken)
               ?? new Audience { Id = first, Name = first };
    }
}
