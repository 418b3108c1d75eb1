namespace Outreach.Core.Common.Storage;

/// <summary>Every blob container's logical name; <see cref="StorageAccount"/> adds the configured prefix.</summary>
public static class ContainerNames
{
    /// <summary>Each campaign's content (subject, preheader, HTML, text), written once at creation.</summary>
    public const string CampaignContent = "campaign-content";

    /// <summary>The web copies of sent newsletters.</summary>
    public const string NewsletterArchive = "newsletter-archive";

    /// <summary>Import jobs' uploaded files, their chunks of contacts and their rejected lines (under the job id).</summary>
    public const string Imports = "imports";

    /// <summary>The personal part of queue messages (mails, sign-ups), under the recipient's peppered key: see <c>QueuedPayloads</c>.</summary>
    public const string QueuedMessages = "queued-messages";
}
