namespace Outreach.Core.Pages.Archive;

/// <summary>One sent issue in the archive list: its web view, subject, edition label and preheader.</summary>
public sealed record ArchiveEntry(string Url, string Subject, string Edition, string Preheader);

/// <summary>The public list of sent newsletters, newest first, with the sign-up link and the page in the other language.</summary>
public sealed record ArchivePageModel(IReadOnlyList<ArchiveEntry> Issues, string SignupUrl, string AlternateUrl);
