using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Outreach.Core.Subscriptions;

namespace Outreach.Core.Common.Storage;

/// <summary>
/// Keeps the personal part of a queue message (an address, a first name, a mail with its links) out of the queue: the
/// payload is a blob under the recipient's peppered key (<c>queued-messages/{key}/{id}</c>) and the message carries only
/// that reference. A queue message cannot be edited or deleted by anyone but its consumer, a blob can: an erasure
/// deletes the person's payloads, and the consumer then finds nothing and drops the message (a poisoned one too).
/// The consumer deletes a payload once handled; <see cref="PurgeAsync"/> deletes those older than a queue message lives.
/// </summary>
public sealed class QueuedPayloads(StorageAccount storage, SuppressionKeys keys, TimeProvider clock)
{
    /// <summary>Azure Storage queue messages live 7 days by default; a payload is not kept longer than its message.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(7);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed record Reference(string Payload);

    /// <summary>Stores the payload for the person with <paramref name="contactKey"/>; returns the queue message to send.</summary>
    public async Task<string> StoreAsync(string contactKey, string payload, CancellationToken cancellationToken = default)
    {
        var name = $"{keys.Of(contactKey)}/{Guid.NewGuid():N}";
        var container = await storage.ContainerAsync(ContainerNames.QueuedMessages);
        await container.GetBlobClient(name).UploadAsync(BinaryData.FromString(payload), overwrite: false, cancellationToken);
        return JsonSerializer.Serialize(new Reference(name), Json);
    }

    /// <summary>
    /// The payload a message refers to, or null when it is gone (the person was erased, or the message was handled
    /// already). A message written before payloads moved out of the queue is its own payload.
    /// </summary>
    public async Task<string?> LoadAsync(string message, CancellationToken cancellationToken = default)
    {
        if (ReferenceOf(message) is not { } name) return message;
        var container = await storage.ContainerAsync(ContainerNames.QueuedMessages);
        var blob = container.GetBlobClient(name);
        try
        {
            return (await blob.DownloadContentAsync(cancellationToken)).Value.Content.ToString();
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Deletes the payload of a handled message.</summary>
    public async Task DeleteAsync(string message, CancellationToken cancellationToken = default)
    {
        if (ReferenceOf(message) is not { } name) return;
        var container = await storage.ContainerAsync(ContainerNames.QueuedMessages);
        await container.DeleteBlobIfExistsAsync(name, cancellationToken: cancellationToken);
    }

    /// <summary>How many payloads wait for this person.</summary>
    public async Task<int> CountAsync(string contactKey, CancellationToken cancellationToken = default)
    {
        var container = await storage.ContainerAsync(ContainerNames.QueuedMessages);
        var count = 0;
        await foreach (var unused in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, keys.Of(contactKey) + "/", cancellationToken)) count++;
        return count;
    }

    /// <summary>Deletes every payload waiting for this person (their messages are then dropped); returns how many.</summary>
    public async Task<int> EraseAsync(string contactKey, CancellationToken cancellationToken = default)
    {
        var container = await storage.ContainerAsync(ContainerNames.QueuedMessages);
        var deleted = 0;
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, keys.Of(contactKey) + "/", cancellationToken))
        {
            await container.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: cancellationToken);
            deleted++;
        }

        return deleted;
    }

    /// <summary>Deletes the payloads older than <see cref="Retention"/> (their messages have expired, poisoned ones too).</summary>
    public async Task<int> PurgeAsync(CancellationToken cancellationToken = default)
    {
        var cutoff = clock.GetUtcNow() - Retention;
        var container = await storage.ContainerAsync(ContainerNames.QueuedMessages);
        var deleted = 0;
        await foreach (BlobItem blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, null, cancellationToken))
        {
            if (blob.Properties.CreatedOn is not { } created || created >= cutoff) continue;
            await container.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: cancellationToken);
            deleted++;
        }

        return deleted;
    }

    private static string? ReferenceOf(string message)
    {
        if (!message.StartsWith("{\"payload\":", StringComparison.Ordinal)) return null;
        try
        {
            return JsonSerializer.Deserialize<Reference>(message, Json)?.Payload is { Length: > 0 } name && !name.Contains("..", StringComparison.Ordinal) ? name : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
