using Outreach.Core.Audiences.Profiles;
using System.Text.Json;
using Outreach.Core.Common.Storage;
using Outreach.Core.Common.Validation;

namespace Outreach.Core.Subscriptions;

/// <summary>
/// A sign-up as the request handed it over: the normalised address, what was asked, and the consent proof's facts
/// (the network prefix, never the full client address).
/// </summary>
public sealed record QueuedSignup
{
    public required string Email { get; init; }
    public string? FirstName { get; init; }
    public required IReadOnlyList<string> Audiences { get; init; }
    public required string Source { get; init; }
    public string Language { get; init; } = "fr";
    public string? IpPrefix { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The profile fields the form asked, as typed: they fill a profile the sign-up creates, never an existing one.</summary>
    public SignupDetails? Details { get; init; }

    public static QueuedSignup From(SignupRequest request, EmailAddress email, RequestOrigin origin, DateTimeOffset now) => new()
    {
        Email = email.Value,
        FirstName = request.FirstName,
        Audiences = request.Audiences.Distinct().ToList(),
        Source = string.IsNullOrWhiteSpace(request.Source) ? origin.Channel : request.Source.Trim(),
        Language = request.Language,
        IpPrefix = origin.IpPrefix,
        ReceivedAt = now,
        Details = request.Details == SignupDetails.None ? null : request.Details,
    };
}

/// <summary>
/// The sign-up queue: the request writes one payload and one message, whatever the address; the queue function does the
/// rest. The address and first name wait beside the queue (<see cref="QueuedPayloads"/>), so an erasure can take them back.
/// </summary>
public sealed class SignupQueue(StorageAccount storage, QueuedPayloads payloads)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task EnqueueAsync(QueuedSignup signup, CancellationToken cancellationToken = default)
    {
        var body = await payloads.StoreAsync(EmailAddress.KeyOf(signup.Email), JsonSerializer.Serialize(signup, Json), cancellationToken);
        var queue = await storage.QueueAsync(QueueNames.Signups);
        await queue.SendMessageAsync(body, cancellationToken);
    }

    /// <summary>The sign-up a message carries, or null when the person was erased meanwhile (or it was handled already).</summary>
    public async Task<QueuedSignup?> ReadAsync(string message, CancellationToken cancellationToken = default) =>
        await payloads.LoadAsync(message, cancellationToken) is { } payload
            ? JsonSerializer.Deserialize<QueuedSignup>(payload, Json) ?? throw new InvalidOperationException("Empty sign-up message in the queue.")
            : null;

    /// <summary>Forgets a handled message's payload.</summary>
    public Task DoneAsync(string message, CancellationToken cancellationToken = default) => payloads.DeleteAsync(message, cancellationToken);
}
