using System.IO.Compression;
using System.Text;

namespace Outreach.Core.Campaigns.Pipeline;

/// <summary>One recipient fixed into a batch at planning: the key, which of the campaign's audiences it came through, address and first name.</summary>
public sealed record PlannedRecipient(string ContactKey, int AudienceIndex, string Email, string? FirstName);

/// <summary>
/// The members of one batch, fixed when it is planned so a list that changes during the send cannot shift batch
/// boundaries. Stored compressed in the batch's ledger row (about 30 KB for 1000 recipients).
/// </summary>
public sealed class BatchManifest
{
    private const byte FormatVersion = 1;

    /// <param name="allowEmpty">A planned batch has at least one recipient; an erasure may take out its only one.</param>
    public BatchManifest(IReadOnlyList<PlannedRecipient> recipients, bool allowEmpty = false)
    {
        if (recipients.Count == 0 && !allowEmpty) throw new ArgumentException("A batch has at least one recipient.", nameof(recipients));
        Recipients = recipients;
    }

    /// <summary>What is left of a batch whose only recipient was erased.</summary>
    public static BatchManifest Empty { get; } = new([], allowEmpty: true);

    /// <summary>In contact-key order.</summary>
    public IReadOnlyList<PlannedRecipient> Recipients { get; }

    public string FirstKey => Recipients.Count == 0 ? "" : Recipients[0].ContactKey;

    public string LastKey => Recipients.Count == 0 ? "" : Recipients[^1].ContactKey;

    public byte[] Encode()
    {
        using var buffer = new MemoryStream();
        using (var zip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var writer = new BinaryWriter(zip, Encoding.UTF8))
        {
            writer.Write(FormatVersion);
            writer.Write(Recipients.Count);
            foreach (var r in Recipients)
            {
                writer.Write(r.ContactKey);
                writer.Write((byte)r.AudienceIndex);
                writer.Write(r.Email);
                writer.Write(r.FirstName ?? "");
            }
        }

        return buffer.ToArray();
    }

    public static BatchManifest Decode(byte[] encoded)
    {
        using var zip = new GZipStream(new MemoryStream(encoded), CompressionMode.Decompress);
        using var reader = new BinaryReader(zip, Encoding.UTF8);
        var version = reader.ReadByte();
        if (version != FormatVersion) throw new InvalidDataException($"Unknown batch manifest format {version}.");
        var count = reader.ReadInt32();
        var recipients = new List<PlannedRecipient>(count);
        for (var i = 0; i < count; i++)
        {
            var key = reader.ReadString();
            int audience = reader.ReadByte();
            var email = reader.ReadString();
            var firstName = reader.ReadString();
            recipients.Add(new PlannedRecipient(key, audience, email, firstName.Length == 0 ? null : firstName));
        }

        return new BatchManifest(recipients);
    }
}
