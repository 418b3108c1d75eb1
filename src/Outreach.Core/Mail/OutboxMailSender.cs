using Microsoft.Extensions.Options;
using MimeKit;
using Outreach.Core.Common.Configuration;

namespace Outreach.Core.Mail;

/// <summary>The local transport: each message becomes one <c>.eml</c> file any mail client opens.</summary>
public sealed class OutboxMailSender(IOptions<MailOptions> options, TimeProvider clock) : IMailSender
{
    private readonly MailOptions mail = options.Value;

    /// <summary>CRLF line endings, as on the wire (RFC 5322), whatever the OS: a text/calendar part keeps its CRLF lines (RFC 5545).</summary>
    private static readonly FormatOptions WireFormat = CreateWireFormat();

    public string Folder => Path.GetFullPath(mail.OutboxPath);

    public async Task SendAsync(MailMessage message, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var mime = MimeMessageBuilder.Build(message, new MailAddress(mail.FromAddress, mail.FromName), now);
        await WriteAsync(mime, now, cancellationToken);
    }

    private static FormatOptions CreateWireFormat()
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        return format;
    }

    /// <summary>Writes a message atomically (temp file, then rename) so a reader never sees half a file.</summary>
    public async Task WriteAsync(MimeMessage mime, DateTimeOffset date, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Folder);
        var name = $"{date.UtcDateTime:yyyyMMdd-HHmmssfff}-{Guid.NewGuid():N}";
        var temp = Path.Combine(Folder, name + ".tmp");
        await using (var stream = File.Create(temp))
            await mime.WriteToAsync(WireFormat, stream, cancellationToken);
        File.Move(temp, Path.Combine(Folder, name + ".eml"));
    }
}

public sealed record OutboxEntry(string Id, string To, string Subject, DateTimeOffset Date, string File);

/// <summary>Lists what the Outbox transport wrote, newest first (the DevHost's <c>GET /api/dev/outbox</c>).</summary>
public sealed class OutboxReader(IOptions<MailOptions> options)
{
    public async Task<IReadOnlyList<OutboxEntry>> ListAsync(CancellationToken cancellationToken = default)
    {
        var folder = Path.GetFullPath(options.Value.OutboxPath);
        if (!Directory.Exists(folder)) return [];
        var entries = new List<OutboxEntry>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.eml"))
        {
            HeaderList headers;
            await using (var stream = File.OpenRead(file))
                headers = await new MimeParser(stream, MimeFormat.Entity).ParseHeadersAsync(cancellationToken);
            DateTimeOffset.TryParse(headers[HeaderId.Date], System.Globalization.CultureInfo.InvariantCulture, out var date);
            entries.Add(new OutboxEntry(Path.GetFileNameWithoutExtension(file), headers[HeaderId.To] ?? "",
                headers[HeaderId.Subject] ?? "", date, file));
        }

        return entries.OrderByDescending(e => e.Id, StringComparer.Ordinal).ToList();
    }
}
