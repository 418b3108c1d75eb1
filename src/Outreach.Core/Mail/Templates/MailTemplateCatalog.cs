namespace Outreach.Core.Mail.Templates;

/// <summary>
/// One mail template: its name (one file per language), what it is for, and the sample variables an edited source must
/// render with before it is saved. <see cref="Marketing"/> mails carry the unsubscribe footer.
/// </summary>
public sealed record MailTemplateKind(string Name, string Purpose, Func<string, IReadOnlyDictionary<string, object?>> Sample, bool Marketing = false);

/// <summary>A capability's mail templates (subscriptions, events): registered with DI, listed by the catalog.</summary>
public interface IMailTemplateFamily
{
    IReadOnlyList<MailTemplateKind> Kinds { get; }
}

/// <summary>Every mail template the app knows, by name.</summary>
public sealed class MailTemplateCatalog(IEnumerable<IMailTemplateFamily> families)
{
    public static readonly IReadOnlyList<string> Languages = ["fr", "en"];

    private readonly Dictionary<string, MailTemplateKind> kinds = families.SelectMany(f => f.Kinds).ToDictionary(k => k.Name, StringComparer.Ordinal);

    public IReadOnlyCollection<MailTemplateKind> All => kinds.Values;

    public MailTemplateKind? Find(string name) => kinds.GetValueOrDefault(name);

    public static bool IsLanguage(string language) => Languages.Contains(language);
}
