using System.ComponentModel.DataAnnotations;

namespace Outreach.Core.Common.Configuration;

/// <summary>Top-level settings (keys without a section: <c>PublicBaseUrl</c>, <c>TimeZone</c>).</summary>
public sealed class OutreachOptions
{
    public const string Section = "";

    [Required, Url]
    public string PublicBaseUrl { get; set; } = "http://localhost:7071";

    [Required]
    public string TimeZone { get; set; } = "Europe/Paris";

    /// <summary>Days after which a sign-up never confirmed is purged.</summary>
    [Range(1, 365)]
    public int UnconfirmedRetentionDays { get; set; } = 30;

    /// <summary>Postal address shown in every marketing footer (a legal requirement for commercial mail).</summary>
    public string PostalAddress { get; set; } = "Outreach, 1 rue de l'Exemple, 75001 Paris, France";
}

public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>A connection string (Azurite: <c>UseDevelopmentStorage=true</c>). Empty when <see cref="AccountName"/> is used with a managed identity.</summary>
    public string ConnectionString { get; set; } = "UseDevelopmentStorage=true";

    /// <summary>Storage account name, reached with the app's managed identity when no connection string is given.</summary>
    public string AccountName { get; set; } = "";

    /// <summary>Prefix for every table, queue and container name; lets tests share one Azurite without sharing data.</summary>
    [RegularExpression("^[a-z0-9]{0,20}$")]
    public string NamePrefix { get; set; } = "";
}

public sealed class MailOptions
{
    public const string Section = "Mail";

    [RegularExpression("^(Outbox|SendGrid)$", ErrorMessage = "Mail:Transport must be Outbox or SendGrid.")]
    public string Transport { get; set; } = "Outbox";

    public string OutboxPath { get; set; } = ".outbox";

    [Required, EmailAddress]
    public string FromAddress { get; set; } = "newsletter@outreach.example.org";

    [Required]
    public string FromName { get; set; } = "Outreach";

    /// <summary>Optional mailbox for the <c>mailto:</c> form of <c>List-Unsubscribe</c>.</summary>
    public string UnsubscribeMailbox { get; set; } = "";

    /// <summary>Mailbox named as ORGANIZER in calendar invites (never the attendee).</summary>
    public string OrganizerAddress { get; set; } = "webinaires@outreach.example.org";

    /// <summary>Domain used in List-Id headers: <c>&lt;audience.domain&gt;</c>.</summary>
    public string ListIdDomain { get; set; } = "outreach.example.org";
}

public sealed class SendGridOptions
{
    public const string Section = "SendGrid";

    [RegularExpression(@"^(?!@Microsoft\.KeyVault\().*$", ErrorMessage = "SendGrid:ApiKey is an unresolved Key Vault reference: check the app's access to the vault.")]
    public string ApiKey { get; set; } = "";

    [Url]
    public string Host { get; set; } = "https://api.sendgrid.com";

    public string WebhookPublicKey { get; set; } = "";

    /// <summary>
    /// SendGrid unsubscribe groups (ASM group id → audience id): a <c>group_unsubscribe</c> leaves only that audience,
    /// a <c>group_resubscribe</c> undoes it. Empty by default: Outreach's own mails carry no group.
    /// </summary>
    public Dictionary<string, string> Groups { get; set; } = new(StringComparer.Ordinal);
}

public sealed class TokenOptions
{
    public const string Section = "Tokens";

    /// <summary>HMAC key for mail-link tokens, at least 32 characters.</summary>
    [Required, MinLength(32, ErrorMessage = "Tokens:SigningKey must be at least 32 characters.")]
    [RegularExpression(@"^(?!@Microsoft\.KeyVault\().*$", ErrorMessage = "Tokens:SigningKey is an unresolved Key Vault reference: check the app's access to the vault.")]
    public string SigningKey { get; set; } = "";

    [Range(1, 90)]
    public int ConfirmationValidityDays { get; set; } = 7;

    /// <summary>How long a preference-centre link works; every mail carries a fresh one, an older one offers to mail a new one.</summary>
    [Range(1, 365)]
    public int PreferencesValidityDays { get; set; } = 60;
}

public sealed class PrivacyOptions
{
    public const string Section = "Privacy";

    /// <summary>
    /// Secret HMAC key (at least 32 characters) that turns a contact key into the suppression key kept after an erasure,
    /// so the suppression list cannot be reversed with a dictionary of addresses. Key Vault on Azure; the DevHost generates one.
    /// Changing it loses every erased address's suppression: set it once per environment.
    /// </summary>
    [Required, MinLength(32, ErrorMessage = "Privacy:SuppressionPepper must be at least 32 characters.")]
    [RegularExpression(@"^(?!@Microsoft\.KeyVault\().*$", ErrorMessage = "Privacy:SuppressionPepper is an unresolved Key Vault reference: check the app's access to the vault.")]
    public string SuppressionPepper { get; set; } = "";
}

public sealed class AdminOptions
{
    public const string Section = "Admin";

    /// <summary>A key with the admin role, accepted in <c>x-functions-key</c> beside the named keys (the DevHost generates one).</summary>
    public string ApiKey { get; set; } = "";
}

/// <summary>Checks settings that depend on each other: the SendGrid transport needs an API key.</summary>
public sealed class MailTransportCheck(Microsoft.Extensions.Options.IOptions<SendGridOptions> sendGrid) : Microsoft.Extensions.Options.IValidateOptions<MailOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, MailOptions options) =>
        options.Transport == "SendGrid" && string.IsNullOrWhiteSpace(sendGrid.Value.ApiKey)
            ? Microsoft.Extensions.Options.ValidateOptionsResult.Fail("Mail:Transport is SendGrid but SendGrid:ApiKey is not set.")
            : Microsoft.Extensions.Options.ValidateOptionsResult.Success;
}
