using Outreach.Core.Common.Validation;
using Outreach.Core.Mail;
using Outreach.Core.Subscriptions;

namespace Outreach.Core.Newsletters;

/// <summary>What an issue must be before it is saved: lengths, links that can be made absolute, known audiences.</summary>
public static class IssueRules
{
    public const int MaxSubject = 200;
    public const int MaxPreheader = 300;
    public const int MaxEdition = 60;
    public const int MaxEditorial = 20_000;
    public const int MaxSections = 20;
    public const int MaxSectionTitle = 200;
    public const int MaxSectionBody = 10_000;
    public const int MaxLabel = 80;
    public const int MaxLink = 2_000;

    public static ValidationErrors Validate(IssueContent content, IReadOnlyCollection<string> knownAudiences, MarkdownContent markdown)
    {
        var errors = new ValidationErrors();
        Text(errors, "subject", content.Subject, MaxSubject, required: true, singleLine: true);
        Text(errors, "preheader", content.Preheader, MaxPreheader, singleLine: true);
        Text(errors, "edition", content.Edition, MaxEdition, singleLine: true);
        Text(errors, "editorial", content.Editorial, MaxEditorial, required: true);
        if (content.Language is not (null or "fr" or "en")) errors.Add("language", "language must be fr or en.");
        if (content.TemplateId is { } template && !TemplateRules.IsValidId(template)) errors.Add("templateId", "templateId is not a valid template id.");

        if (content.Sections is null) errors.Add("sections", "sections must be a list.");
        else if (content.Sections.Count > MaxSections) errors.Add("sections", $"At most {MaxSections} sections.");
        else for (var i = 0; i < content.Sections.Count; i++) Section(errors, $"sections[{i}]", content.Sections[i], markdown);
        if (content.Dossier is { } dossier) Section(errors, "dossier", dossier, markdown);

        if (content.Audiences is not { Count: > 0 }) errors.Add("audiences", "At least one audience is required.");
        else foreach (var unknown in content.Audiences.Where(a => !knownAudiences.Contains(a)).Distinct())
            errors.Add("audiences", $"Unknown audience: {unknown}.");
        return errors;
    }

    private static void Section(ValidationErrors errors, string field, IssueSection? section, MarkdownContent markdown)
    {
        if (section is null)
        {
            errors.Add(field, "A section must be an object.");
            return;
        }

        Text(errors, field + ".title", section.Title, MaxSectionTitle, required: true, singleLine: true);
        Text(errors, field + ".body", section.Body, MaxSectionBody);
        Text(errors, field + ".linkLabel", section.LinkLabel, MaxLabel, singleLine: true);
        Text(errors, field + ".kicker", section.Kicker, MaxLabel, singleLine: true);
        if (!string.IsNullOrWhiteSpace(section.Link) && (section.Link.Length > MaxLink || markdown.Absolute(section.Link) is null))
            errors.Add(field + ".link", "link must be an http(s) or mailto URL, or a path on the organisation's website.");
    }

    private static void Text(ValidationErrors errors, string field, string? value, int max, bool required = false, bool singleLine = false)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) errors.Add(field, $"{field} is required.");
            return;
        }

        if (value.Length > max) errors.Add(field, $"{field} must be at most {max} characters.");
        if (singleLine && !HeaderValues.IsSafe(value)) errors.Add(field, $"{field} must be a single line without control characters.");
    }
}
