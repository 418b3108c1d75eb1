using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Outreach.Core.Common.Storage;
using Outreach.Core.Subscriptions;
using Outreach.IntegrationTests.Audiences;
using Outreach.IntegrationTests.Campaigns;
using Outreach.IntegrationTests.Infrastructure;
using Outreach.IntegrationTests.Subscriptions;
using Outreach.TestSupport;

namespace Outreach.IntegrationTests.Privacy;

/// <summary>
/// After an erasure, nothing the app wrote anywhere in the storage account names the person: every table (all entities,
/// all properties, compressed manifests unpacked), every queue (poison queues too, messages decoded) and every blob.
/// </summary>
public sealed partial class ErasureScanTests(DeliveryHostFixture host) : IClassFixture<DeliveryHostFixture>
{
    private const string FirstName = "Quintessa";

    [Fact]
    public async Task After_an_erasure_no_table_queue_or_blob_holds_the_address_or_the_first_name_of_someone_imported_mailed_bounced_and_registered()
    {
        var email = $"Erase.Me.{DeliveryClient.NewPrefix()}@Example.org";
        var admin = host.CreateAdminClient();
        var visitor = host.CreateClient();
        var audience = await host.NewAudienceAsync();

        // Imported by the team, then mailed by a campaign that went out, and by one SendGrid refused quoting the address.
        var import = await admin.PostAsync($"/api/admin/audiences/{audience}/import?status=confirmed&source=integration-test",
            new StringContent($"email,firstName\n{email},{FirstName}\n", Encoding.UTF8, "text/csv"));
        Assert.True(import.IsSuccessStatusCode, await import.Content.ReadAsStringAsync());
        // And imported again as a job into another list (its file, chunks and report hold the address and the name; the
        // second line, a duplicate, is reported as not imported).
        var jobAudience = await host.NewAudienceAsync();
        var (job, _) = await Outreach.IntegrationTests.Audiences.ImportJobClient.UploadImportAsync(admin, jobAudience, Encoding.UTF8.GetBytes($"email,firstName\n{email},{FirstName}\n{email.ToUpperInvariant()},{FirstName}\n"));
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync($"/api/admin/imports/{job}/start", null)).StatusCode);
        await host.DrainQueuesAsync();
        var sent = await host.CreateCampaignAsync(audience);
        await host.DrainQueuesAsync();
        Assert.Equal("sent", (await host.CampaignAsync(sent)).State());
        Assert.Contains(host.SendGrid.RequestsOf(sent), r => r.Recipients.Contains(email.ToLowerInvariant(), StringComparer.OrdinalIgnoreCase));
        host.SendGrid.Answer(FakeAnswer.BadRequest($"Does not contain a valid address: {email} ({FirstName})", "personalizations.0.to.0.email"));
        var refused = await host.CreateCampaignAsync(audience);
        await host.DrainQueuesAsync();
        Assert.Equal(1, (await host.CampaignAsync(refused)).Count("failed"));

        // Registered to a webinar with answers; the confirmation mail waits in its queue, and a copy failed into -poison.
        var webinar = await CreateWebinarWithQuestionAsync();
        var registered = await visitor.PostAsJsonAsync($"/api/events/{webinar}/registrations", new
        {
            email, firstName = FirstName, consent = true, answers = new Dictionary<string, object> { ["structure"] = $"Association de {FirstName}" },
        });
        Assert.True(registered.IsSuccessStatusCode, await registered.Content.ReadAsStringAsync());
        await PoisonACopyOfTheWaitingMailAsync();

        // Then the mailbox bounces; SendGrid's reason quotes the address.
        var bounce = DeliveryClient.Event("bounce", email, sent, bounceType: "bounce", reason: $"550 5.1.1 <{email}>: Recipient address rejected ({FirstName})");
        Assert.Equal(HttpStatusCode.OK, (await host.PostWebhookAsync($"[{bounce}]")).StatusCode);
        // And a sign-up of the same address waits in its queue.
        Assert.Equal(HttpStatusCode.Accepted, (await visitor.PostAsJsonAsync("/api/subscriptions", new { email, firstName = FirstName, audiences = new[] { audience }, consent = true })).StatusCode);

        var before = await ScanAsync(email);
        Assert.NotEmpty(before); // the scan sees what is there
        // The GDPR export names every place the scan found something in.
        var heldIn = await HeldInAsync(email);
        foreach (var place in before.Select(f => string.Join(' ', f.Split(' ')[..2])).Distinct())
            Assert.True(heldIn.Contains(place), $"The export's heldIn ({string.Join(", ", heldIn)}) does not name {place}, where the scan found: {string.Join("; ", before.Where(f => f.StartsWith(place + " ", StringComparison.Ordinal)))}");

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/admin/subscribers/{Uri.EscapeDataString(email)}")).StatusCode);
        var afterErasure = await ScanAsync(email);
        var mailsBefore = host.SendGrid.RequestCount;
        await host.DrainQueuesAsync();
        var afterQueues = await ScanAsync(email);

        Assert.True(afterErasure.Count == 0, "Held after the erasure:\n" + string.Join("\n", afterErasure));
        Assert.True(afterQueues.Count == 0, "Held once the queues ran:\n" + string.Join("\n", afterQueues));
        Assert.DoesNotContain(host.SendGrid.Requests.Skip(mailsBefore), r => r.Recipients.Contains(email, StringComparer.OrdinalIgnoreCase));
        var report = await admin.ImportNowAsync(audience, Encoding.UTF8.GetBytes($"email\n{email}\n"));
        Assert.Equal("suppressed", report.GetProperty("lines")[0].GetProperty("reason").GetString());
        Assert.Equal(["table auditlog", "table suppressions"], (await HeldInAsync(email)).Order(StringComparer.Ordinal));
    }

    /// <summary>The export's heldIn as "kind name" (the names as the scan sees them, without the prefix).</summary>
    private async Task<IReadOnlyList<string>> HeldInAsync(string email)
    {
        var export = await host.CreateAdminClient().PostAsJsonAsync("/api/admin/subscribers/export", new { email });
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var json = await export.Content.ReadFromJsonAsync<JsonElement>();
        return json.GetProperty("heldIn").EnumerateArray()
            .Select(h => $"{h.GetProperty("kind").GetString()} {h.GetProperty("name").GetString()}").ToList();
    }

    private async Task<string> CreateWebinarWithQuestionAsync()
    {
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        var start = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddDays(20), paris);
        var response = await host.CreateAdminClient().PostAsJsonAsync("/api/admin/events", new
        {
            title = "Atelier effacement", start = start.ToString("yyyy-MM-dd'T'HH:mm"), end = start.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm"),
            timeZone = "Europe/Paris", joinUrl = "https://visio.example.org/atelier",
            questions = new[] { new { id = "structure", label = "Votre structure", type = "text", required = true } },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>What the Functions host does with a message that keeps failing: the same body into <c>{queue}-poison</c>.</summary>
    private async Task PoisonACopyOfTheWaitingMailAsync()
    {
        var storage = host.Services.GetRequiredService<StorageAccount>();
        var queue = await storage.QueueAsync(QueueNames.OutgoingMail);
        var waiting = (await queue.PeekMessagesAsync(32)).Value;
        Assert.NotEmpty(waiting);
        var poison = await storage.QueueAsync(QueueNames.OutgoingMail + QueueNames.PoisonSuffix);
        foreach (var message in waiting) await poison.SendMessageAsync(message.Body.ToString());
    }

    // ---- the scan ----

    /// <summary>Every place of this host's storage (its name prefix) that holds the address, its key or the first name.</summary>
    private async Task<IReadOnlyList<string>> ScanAsync(string email)
    {
        Assert.True(EmailAddress.TryParse(email, out var address));
        string[] needles = [address.Value, Uri.EscapeDataString(address.Value), address.Key, FirstName.ToLowerInvariant()];
        var found = new List<string>();
        void Look(string where, string text)
        {
            foreach (var piece in Readings(text))
            {
                var lower = piece.ToLowerInvariant();
                foreach (var needle in needles.Where(n => lower.Contains(n, StringComparison.Ordinal)))
                    found.Add($"{where}: {needle}");
            }
        }

        var connection = SharedAzurite.ConnectionString;
        var tables = new TableServiceClient(connection);
        await foreach (var table in tables.QueryAsync(t => t.Name.CompareTo(host.NamePrefix) >= 0 && t.Name.CompareTo(host.NamePrefix + "~") < 0))
        {
            await foreach (var entity in tables.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                foreach (var (name, value) in entity)
                {
                    var where = $"table {table.Name[host.NamePrefix.Length..]} {entity.PartitionKey}/{entity.RowKey} {name}";
                    if (value is byte[] bytes) Look(where, Decode(bytes));
                    else if (value is not null) Look(where, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "");
                }
            }
        }

        var queues = new QueueServiceClient(connection);
        await foreach (var item in queues.GetQueuesAsync(prefix: host.NamePrefix))
        {
            var queue = queues.GetQueueClient(item.Name);
            foreach (var message in (await queue.PeekMessagesAsync(32)).Value)
                Look($"queue {item.Name[host.NamePrefix.Length..]} {message.MessageId}", Decode(message.Body.ToArray()));
        }

        var blobs = new BlobServiceClient(connection);
        await foreach (var item in blobs.GetBlobContainersAsync(prefix: host.NamePrefix))
        {
            var container = blobs.GetBlobContainerClient(item.Name);
            await foreach (var blob in container.GetBlobsAsync())
            {
                var content = await container.GetBlobClient(blob.Name).DownloadContentAsync();
                Look($"blob {item.Name[host.NamePrefix.Length..]} {blob.Name}", blob.Name + "\n" + Decode(content.Value.Content.ToArray()));
            }
        }

        return found.Distinct().ToList();
    }

    /// <summary>Bytes as text, unpacked when gzip-compressed, decoded when the whole is base64.</summary>
    private static string Decode(byte[] bytes)
    {
        if (bytes.Length > 2 && bytes[0] == 0x1f && bytes[1] == 0x8b)
        {
            using var zip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var unpacked = new MemoryStream();
            zip.CopyTo(unpacked);
            bytes = unpacked.ToArray();
        }

        var text = Encoding.UTF8.GetString(bytes);
        return TryBase64(text.Trim()) is { } inner ? text + "\n" + Decode(inner) : text;
    }

    /// <summary>The text, and the text of every base64 run in it (attachments, encoded message bodies), recursively.</summary>
    private static IEnumerable<string> Readings(string text)
    {
        yield return text;
        foreach (Match run in Base64Run().Matches(text.Replace("\\u002B", "+", StringComparison.Ordinal).Replace("\\/", "/", StringComparison.Ordinal)))
        {
            if (TryBase64(run.Value) is { } bytes)
                foreach (var inner in Readings(Decode(bytes))) yield return inner;
        }
    }

    private static byte[]? TryBase64(string text)
    {
        var padded = text;
        if (padded.Length < 16 || padded.Length % 4 != 0) return null;
        try
        {
            return Convert.FromBase64String(padded);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"[A-Za-z0-9+/]{16,}={0,2}")]
    private static partial Regex Base64Run();
}
