namespace Outreach.Core.Common.Storage;

/// <summary>Logical table names (letters and digits only); <see cref="StorageAccount"/> adds the configured prefix.</summary>
public static class TableNames
{
    public const string Audiences = "audiences";
    public const string Members = "members";
    public const string Contacts = "contacts";
    public const string Consents = "consents";
    public const string Suppressions = "suppressions";
    public const string CustomFields = "customfields";
    public const string Imports = "imports";
}
