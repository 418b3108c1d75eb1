using System.Text.RegularExpressions;
using Outreach.Core.Audiences.Imports;
using Outreach.Core.Common.Validation;

namespace Outreach.Core.Events.Registrations;

public static class QuestionTypes
{
    public const string Text = "text";
    public const string LongText = "longtext";
    public const string Choice = "choice";
    public const string MultiChoice = "multichoice";
    public const string YesNo = "yesno";

    public static readonly IReadOnlyList<string> All = [Text, LongText, Choice, MultiChoice, YesNo];

    public static bool HasOptions(string type) => type is Choice or MultiChoice;
}

/// <summary>A question the organisers ask on a webinar's or series' registration form, in French and English.</summary>
public sealed partial record RegistrationQuestion
{
    public const int MaxQuestions = 10;
    public const int MaxTextAnswer = 200;
    public const int MaxLongTextAnswer = 2000;

    public string Id { get; init; } = "";
    public string Label { get; init; } = "";
    public string? LabelEn { get; init; }

    /// <summary>One of <see cref="QuestionTypes.All"/>.</summary>
    public string Type { get; init; } = QuestionTypes.Text;

    /// <summary>The choices of a choice or multiple-choice question (answers carry the choice as written here).</summary>
    public IReadOnlyList<string> Options { get; init; } = [];
    public bool Required { get; init; }

    public string LabelIn(string language) => language == "en" && !string.IsNullOrWhiteSpace(LabelEn) ? LabelEn : Label;

    /// <summary>What is wrong with a list of questions, as field errors under <c>questions</c>.</summary>
    public static void Check(IReadOnlyList<RegistrationQuestion>? questions, ValidationErrors errors)
    {
        if (questions is null) return;
        if (questions.Count > MaxQuestions) errors.Add("questions", $"At most {MaxQuestions} questions.");
        foreach (var q in questions)
        {
            var name = q.Id is { Length: > 0 and <= 40 } ? q.Id : "(id)";
            if (!IdPattern().IsMatch(q.Id ?? "")) errors.Add("questions", "Each question needs an id of 1–40 lower-case letters, digits or dashes, starting with a letter.");
            if (string.IsNullOrWhiteSpace(q.Label) || ProfileText.Check("label", q.Label, 300) is not null || ProfileText.Check("labelEn", q.LabelEn, 300) is not null)
                errors.Add("questions", $"Question {name}: a label of at most 300 characters on one line, without < or >, is required (labelEn likewise).");
            if (!QuestionTypes.All.Contains(q.Type)) errors.Add("questions", $"Question {name}: type must be one of {string.Join(", ", QuestionTypes.All)}.");
            else if (QuestionTypes.HasOptions(q.Type) != (q.Options.Count > 0)) errors.Add("questions", $"Question {name}: options are needed for choice and multichoice questions, and only for them.");
            if (q.Options.Count > 20 || q.Options.Any(o => string.IsNullOrWhiteSpace(o) || ProfileText.Check("option", o, 100) is not null) || q.Options.Distinct().Count() != q.Options.Count)
                errors.Add("questions", $"Question {name}: at most 20 different options of at most 100 characters on one line, without < or >.");
        }

        if (questions.Select(q => q.Id).Distinct().Count() != questions.Count) errors.Add("questions", "Question ids must differ.");
    }

    /// <summary>
    /// The answers as stored (question id → values: the text, the chosen options, <c>true</c>/<c>false</c>), checked
    /// against the questions; errors are keyed <c>answers.&lt;id&gt;</c>. Answers to questions not asked are refused.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Read(
        IReadOnlyList<RegistrationQuestion> questions, IReadOnlyDictionary<string, IReadOnlyList<string>>? given, string language, ValidationErrors errors)
    {
        var answers = new Dictionary<string, IReadOnlyList<string>>();
        given ??= new Dictionary<string, IReadOnlyList<string>>();
        foreach (var unknown in given.Keys.Where(k => questions.All(q => q.Id != k)).Take(3))
            errors.Add("answers", language == "en" ? $"There is no question {Shorten(unknown)}." : $"Il n'y a pas de question {Shorten(unknown)}.");
        foreach (var q in questions)
        {
            var values = (given.GetValueOrDefault(q.Id) ?? []).Select(v => v?.Trim() ?? "").Where(v => v.Length > 0).ToList();
            var field = "answers." + q.Id;
            if (values.Count == 0)
            {
                if (q.Required) errors.Add(field, language == "en" ? $"Please answer: {q.LabelIn(language)}" : $"Merci de répondre : {q.LabelIn(language)}");
                continue;
            }

            var (answer, problem) = q.Type switch
            {
                QuestionTypes.Text or QuestionTypes.LongText => Text(q, values),
                QuestionTypes.Choice => values.Count == 1 && q.Options.Contains(values[0]) ? (values, null) : (null, "choose one of the options"),
                QuestionTypes.MultiChoice => values.All(q.Options.Contains) ? (values.Distinct().ToList(), null) : (null, "choose among the options"),
                _ => YesNo(values),
            };
            if (problem is not null) errors.Add(field, $"{q.LabelIn(language)}: {problem}.");
            else answers[q.Id] = answer!;
        }

        return answers;
    }

    private static (List<string>?, string?) Text(RegistrationQuestion q, List<string> values)
    {
        var max = q.Type == QuestionTypes.LongText ? MaxLongTextAnswer : MaxTextAnswer;
        if (values.Count != 1) return (null, "one answer only");
        var text = values[0];
        if (text.Length > max) return (null, $"at most {max} characters");
        if (text.Any(c => char.IsControl(c) && !(q.Type == QuestionTypes.LongText && c is '\n' or '\r' or '\t'))) return (null, "no control characters");
        return (new List<string> { text }, null);
    }

    private static (List<string>?, string?) YesNo(List<string> values) => values.Count != 1 ? (null, "answer yes or no") : ColumnMapping.Fold(values[0]) switch
    {
        "true" or "yes" or "oui" or "on" or "1" => (new List<string> { "true" }, null),
        "false" or "no" or "non" or "0" => (new List<string> { "false" }, null),
        _ => (null, "answer yes or no"),
    };

    private static string Shorten(string value) => value.Length > 40 ? value[..40] + "…" : value;

    [GeneratedRegex("^[a-z][a-z0-9-]{0,39}$")]
    private static partial Regex IdPattern();
}
