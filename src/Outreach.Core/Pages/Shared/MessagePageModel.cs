namespace Outreach.Core.Pages.Shared;

public enum MessageKind
{
    /// <summary>Something went as asked (green, announced politely).</summary>
    Done,

    /// <summary>Something could not be done (red, announced at once).</summary>
    Problem,
}

/// <summary>
/// A one-message page: its title and message as string keys (or the message as text, for a reason given by the
/// request itself), an optional detail line, and an optional link with its label key and lead-in key.
/// </summary>
public sealed record MessagePageModel(string TitleKey, MessageKind Kind, string? TextKey = null, string? Text = null)
{
    public string? Detail { get; init; }

    public string? LinkUrl { get; init; }

    public string? LinkKey { get; init; }

    public string? LinkLead { get; init; }
}

/// <summary>A one-button page: its title, message and optional detail and note as string keys, where the button posts and its label key.</summary>
public sealed record ButtonPageModel(string TitleKey, string TextKey, string Action, string ButtonKey, MessageKind Kind = MessageKind.Done)
{
    public string? DetailKey { get; init; }

    public string? NoteKey { get; init; }
}
