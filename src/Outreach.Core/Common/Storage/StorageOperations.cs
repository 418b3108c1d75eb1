using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Outreach.Core.Common.Storage;

/// <summary>
/// Counts every request this process makes to Table, Queue and Blob storage (each attempt, retries included: each is
/// a billed transaction), by service and kind. Installed on every client <see cref="StorageAccount"/> creates; the
/// benchmark reads it to report storage operations per 1,000 recipients.
/// </summary>
public sealed class StorageOperations
{
    private readonly ConcurrentDictionary<string, long> counts = new(StringComparer.Ordinal);

    public long Total => counts.Values.Sum();

    /// <summary>Counts so far, keyed <c>service operation</c> (e.g. <c>table query</c>, <c>queue put</c>).</summary>
    public IReadOnlyDictionary<string, long> Snapshot() => new Dictionary<string, long>(counts, StringComparer.Ordinal);

    public HttpPipelinePolicy PolicyFor(string service) => new CountingPolicy(this, service);

    private void Count(string service, Request request) =>
        counts.AddOrUpdate($"{service} {Kind(service, request)}", 1, (_, n) => n + 1);

    private static string Kind(string service, Request request)
    {
        var method = request.Method.Method;
        var path = request.Uri.Path;
        return service switch
        {
            "table" when path.EndsWith("$batch", StringComparison.Ordinal) => "transaction",
            "table" when method == "GET" && path.EndsWith(')') && !path.EndsWith("()", StringComparison.Ordinal) => "read",
            "table" when method == "GET" => "query",
            "queue" when method == "GET" => "get",
            "queue" when method == "POST" => "send",
            "queue" when method == "DELETE" && path.Contains("/messages/", StringComparison.Ordinal) => "delete",
            "queue" when method == "PUT" && path.Contains("/messages/", StringComparison.Ordinal) => "update",
            _ => method.ToLowerInvariant(),
        };
    }

    private sealed class CountingPolicy(StorageOperations operations, string service) : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message) => operations.Count(service, message.Request);
    }
}
