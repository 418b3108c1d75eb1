using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Outreach.IntegrationTests.Infrastructure;

/// <summary>
/// Records the storage requests the app makes for one DevHost instance (those naming its storage prefix), as
/// "METHOD resource" with entity keys, queue payload names and query strings left out, so two runs can be compared for
/// the work they did.
/// </summary>
public sealed partial class StorageRequestRecorder : IDisposable, IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
{
    private readonly string namePrefix;
    private readonly List<IDisposable> subscriptions = [];
    private readonly List<string> requests = [];

    public StorageRequestRecorder(string namePrefix)
    {
        this.namePrefix = namePrefix;
        subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
    }

    /// <summary>The requests recorded so far, in order, and forgets them.</summary>
    public IReadOnlyList<string> Take()
    {
        lock (requests)
        {
            var taken = requests.ToList();
            requests.Clear();
            return taken;
        }
    }

    public void Dispose()
    {
        lock (subscriptions)
        {
            subscriptions.ForEach(s => s.Dispose());
            subscriptions.Clear();
        }
    }

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener listener)
    {
        if (listener.Name != "HttpHandlerDiagnosticListener") return;
        lock (subscriptions) subscriptions.Add(listener.Subscribe(this));
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key != "System.Net.Http.HttpRequestOut.Start") return;
        if (value.Value?.GetType().GetProperty("Request")?.GetValue(value.Value) is not HttpRequestMessage { RequestUri: { } uri } request) return;
        if (!uri.AbsolutePath.Contains(namePrefix, StringComparison.OrdinalIgnoreCase)) return;
        lock (requests) requests.Add($"{request.Method} {PayloadNames().Replace(EntityKeys().Replace(uri.AbsolutePath, "(…)"), "$1/(…)")}");
    }

    void IObserver<DiagnosticListener>.OnCompleted()
    {
    }

    void IObserver<DiagnosticListener>.OnError(Exception error)
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnCompleted()
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error)
    {
    }

    [GeneratedRegex(@"\(.*\)")]
    private static partial Regex EntityKeys();

    /// <summary>A queue message's payload blob is named after its recipient and a random id (<c>QueuedPayloads</c>).</summary>
    [GeneratedRegex(@"(queued-messages)/.+$")]
    private static partial Regex PayloadNames();
}
