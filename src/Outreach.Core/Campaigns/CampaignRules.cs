using Outreach.Core.Campaigns.Rendering;
using Outreach.Core.Common.Time;
using Outreach.Core.Common.Validation;
using Outreach.Core.Subscriptions;

namespace Outreach.Core.Campaigns;

/// <summary>What makes a draft sendable. Pure: the known audience ids are given.</summary>
public static class CampaignRules
{
    public const int MaxSubjectLength = 300;
    public const int MaxPreheaderLength = 300;
    public const int MaxBodyLength = 1_000_000;
    public const int MaxAudiences = 20;
    public const int MaxCategories = 9; // SendGrid keeps 10; the campaign's kind is always one of them
    public const int MaxCategoryLength = 255;
    public const int MaxSourceIdLength = 200;
    public const int MaxTestRecipients = 10;
    public const int MaxIdempotencyKeyLength = 255;

    /// <summary>An <c>Idempotency-Key</c> is 1 to 255 visible ASCII characters (a UUID is the usual choice); none is fine.</summary>
    public static ValidationErrors ValidateIdempotencyKey(string? key)
    {
        var errors = new ValidationErrors();
        if (key is null) return errors;
        if (key.Length is 0 or > MaxIdempotencyKeyLength || key.Any(c => c is < '!' or > '~'))
            errors.Add("Idempotency-Key", $"The Idempotency-Key header must be 1 to {MaxIdempotencyKeyLength} visible ASCII characters (a UUID, say).");
        return errors;
    }

    public static ValidationErrors Validate(CampaignDraft draft, IReadOnlyCollection<string> knownAudiences)
    {
        var errors = new ValidationErrors();
        CheckLine(errors, "subject", draft.Subject, MaxSubjectLength, required: true);
        CheckLine(errors, "preheader", draft.Preheader, MaxPreheaderLength, required: false);
        if (string.IsNullOrWhiteSpace(draft.Html)) errors.Add("html", "html is required.");
        else if (draft.Html.Length > MaxBodyLength) errors.Add("html", $"html is longer than {MaxBodyLength} characters.");
        if (draft.Text is { Length: > MaxBodyLength }) errors.Add("text", $"text is longer than {MaxBodyLength} characters.");

        CheckAudiences(errors, draft.Audiences, knownAudiences);
        if (!CampaignKinds.All.Contains(draft.Kind)) errors.Add("kind", $"kind must be one of {string.Join(", ", CampaignKinds.All)}.");
        if (draft.Language is not ("fr" or "en")) errors.Add("language", "language must be fr or en.");
        CheckLine(errors, "sourceId", draft.SourceId, MaxSourceIdLength, required: false);
        CheckCategories(errors, draft.Categories);
        CheckPlaceholders(errors, draft);
        return errors;
    }

    /// <summary>Errors in a send time: unknown zone, a local time that does not exist there, a time already past.</summary>
    public static (DateTimeOffset? DueAt, ValidationErrors Errors) DueAt(CampaignSchedule when, string defaultZone, DateTimeOffset now)
    {
        var errors = new ValidationErrors();
        if (when.IsNow) return (now, errors);
        var zoneId = when.TimeZone ?? defaultZone;
        if (!ZonedTime.TryFindZone(zoneId, out var zone))
        {
            errors.Add("timeZone", $"'{zoneId}' is not a known time zone (use an IANA id such as Europe/Paris).");
            return (null, errors);
        }

        var local = when.LocalTime!.Value;
        if (ZonedTime.IsSkipped(local, zone))
        {
            errors.Add("sendAt", ZonedTime.SkippedMessage(local, zone));
            return (null, errors);
        }

        var instant = ZonedTime.ToInstant(local, zone);
        if (instant < now - TimeSpan.FromMinutes(1)) errors.Add("sendAt", "sendAt is in the past; leave it out to send now.");
        return (instant, errors);
    }

    public static ValidationErrors ValidateTestRecipients(IReadOnlyList<string>? addresses, out List<EmailAddress> parsed)
    {
        var errors = new ValidationErrors();
        parsed = [];
        if (addresses is null || addresses.Count == 0) errors.Add("to", "Give at least one address to send the test to.");
        else if (addresses.Count > MaxTestRecipients) errors.Add("to", $"A test goes to at most {MaxTestRecipients} addresses.");
        else
        {
            foreach (var text in addresses)
            {
                if (EmailAddress.TryParse(text, out var address)) parsed.Add(address);
                else errors.Add("to", $"'{text}' is not a valid e-mail address.");
            }
        }

        return errors;
    }

    private static void CheckLine(ValidationErrors errors, string field, string? value, int maxLength, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) errors.Add(field, $"{field} is required.");
            return;
        }

        if (value.Length > maxLength) errors.Add(field, $"{field} is longer than {maxLength} characters.");
        if (value.Any(char.IsControl)) errors.Add(field, $"{field} must be one line without control characters.");
    }

    private static void CheckAudiences(ValidationErrors errors, IReadOnlyList<string>? audiences, IReadOnlyCollection<string> known)
    {
        if (audiences is null || audiences.Count == 0)
        {
            errors.Add("audiences", "Choose at least one audience.");
            return;
        }

        if (audiences.Count > MaxAudiences) errors.Add("audiences", $"A campaign goes to at most {MaxAudiences} audiences.");
        foreach (var unknown in audiences.Where(a => !known.Contains(a)).Distinct(StringComparer.Ordinal))
            errors.Add("audiences", $"Unknown audience '{unknown}'.");
    }

    private static void CheckCategories(ValidationErrors errors, IReadOnlyList<string>? categories)
    {
        if (categories is null) return;
        if (categories.Count > MaxCategories) errors.Add("categories", $"At most {MaxCategories} categories.");
        if (categories.Any(c => string.IsNullOrWhiteSpace(c) || c.Length > MaxCategoryLength || c.Any(char.IsControl)))
            errors.Add("categories", $"Each category is 1 to {MaxCategoryLength} characters on one line.");
    }

    private static void CheckPlaceholders(ValidationErrors errors, CampaignDraft draft)
    {
        foreach (var (field, text) in new[] { ("subject", draft.Subject), ("preheader", draft.Preheader), ("html", draft.Html), ("text", draft.Text) })
        {
            if (string.IsNullOrEmpty(text)) continue;
            foreach (var unknown in CampaignPlaceholders.Unknown(text))
                errors.Add(field, $"Unknown placeholder {{{{{unknown}}}}}; known: {string.Join(", ", CampaignPlaceholders.All.Select(p => "{{" + p + "}}"))}.");
        }

        if (draft.AppendFooter) return;
        if (!string.IsNullOrEmpty(draft.Html) && !CampaignPlaceholders.Uses(draft.Html, CampaignPlaceholders.UnsubscribeUrl))
            errors.Add("html", "Without the standard footer, the HTML must carry {{unsubscribeUrl}}.");
        if (!string.IsNullOrEmpty(draft.Text) && !CampaignPlaceholders.Uses(draft.Text, CampaignPlaceholders.UnsubscribeUrl))
            errors.Add("text", "Without the standard footer, the text must carry {{unsubscribeUrl}}.");
    }
}
