using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Outreach.TestSupport;

/// <summary>What the fake answers to one request.</summary>
public sealed record FakeAnswer(int Status, string? ErrorMessage = null, string? ErrorField = null, int RateLimitResetInSeconds = 0)
{
    public static FakeAnswer Accepted { get; } = new(202);

    /// <summary>A permanent refusal with SendGrid's error body.</summary>
    public static FakeAnswer BadRequest(string message, string? field = null) => new(400, message, field);

    /// <summary>Rate limited, with <c>X-RateLimit-Reset</c> that many seconds from now.</summary>
    public static FakeAnswer TooManyRequests(int resetInSeconds = 0) => new(429, "too many requests", RateLimitResetInSeconds: resetInSeconds);

    public static FakeAnswer ServerError { get; } = new(500, "Internal server error");
}

/// <summary>One request the fake received: who it was for, what it answered, what was wrong with it.</summary>
public sealed record RecordedRequest(int Index, string? Body, IReadOnlyList<string> Recipients, string? CampaignId, string? Batch, string Subject, int Status, IReadOnlyList<string> Problems, DateTimeOffset AnsweredAt);

public enum SchemaChecks
{
    /// <summary>Every body is validated (tests).</summary>
    Every,

    /// <summary>Only the first body, kept and validated when <see cref="FakeSendGrid.SchemaProblems"/> is read (benchmarks: validating
    /// 1000 personalizations on the critical path would cost more than what is measured).</summary>
    First,
}

/// <summary>
/// A SendGrid-like <c>POST /v3/mail/send</c> on Kestrel, 127.0.0.1, random port. It checks the API key, validates every
/// body against SendGrid's official schema (and the rules SendGrid adds), records what it got, and answers 202, 400
/// with SendGrid's error body, 429 with <c>X-RateLimit-*</c> headers, or 500, as the test scripts it (202 by default).
/// A body that does not validate is answered 400, like SendGrid does, and its problems are kept for the test to assert.
/// </summary>
public sealed class FakeSendGrid : IAsyncDisposable
{
    public const string ApiKey = "SG.fake-key-for-tests";

    private readonly WebApplication app;
    private readonly ConcurrentQueue<FakeAnswer> script = new();
    private readonly ConcurrentQueue<RecordedRequest> requests = new();
    private readonly ConcurrentDictionary<string, int> copies = new(StringComparer.OrdinalIgnoreCase);
    private readonly SchemaChecks checks;
    private readonly bool keepRequests;
    private readonly HashSet<ulong> fingerprints = [];
    private string? firstBody;
    private int received;
    private long acceptedPersonalizations;
    private long duplicateCopies;
    private long receivedBodyBytes;

    private FakeSendGrid(WebApplication app, SchemaChecks checks, bool keepRequests)
    {
        this.app = app;
        this.checks = checks;
        this.keepRequests = keepRequests;
    }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Every request received (when kept), in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => requests.ToList();

    public int RequestCount => Volatile.Read(ref received);

    public long AcceptedPersonalizations => Interlocked.Read(ref acceptedPersonalizations);

    /// <summary>Request body bytes received on <c>mail/send</c> (Content-Length), every request together.</summary>
    public long ReceivedBodyBytes => Interlocked.Read(ref receivedBodyBytes);

    /// <summary>How many accepted copies each address got (when requests are kept).</summary>
    public IReadOnlyDictionary<string, int> Copies => copies;

    /// <summary>Accepted copies beyond the first for an address, all campaigns together (kept as 8-byte fingerprints, so cheap at any size).</summary>
    public long DuplicateCopies => Interlocked.Read(ref duplicateCopies);

    /// <summary>Addresses that got at least one accepted copy.</summary>
    public int DistinctRecipients
    {
        get
        {
            lock (fingerprints) return fingerprints.Count;
        }
    }

    /// <summary>Everything found wrong in any body received (with <see cref="SchemaChecks.First"/>: in the first body).</summary>
    public IReadOnlyList<string> SchemaProblems =>
        checks == SchemaChecks.First && firstBody is not null ? SendGridSchema.Problems(firstBody) : requests.SelectMany(r => r.Problems).ToList();

    /// <param name="keepRequests">Keep each request (bodies included): tests yes, benchmarks no.</param>
    public static async Task<FakeSendGrid> StartAsync(SchemaChecks checks = SchemaChecks.Every, bool keepRequests = true)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options =>
        {
            options.Listen(IPAddress.Loopback, 0);
            options.Limits.MaxRequestBodySize = 30 * 1024 * 1024;
        });
        var app = builder.Build();
        var fake = new FakeSendGrid(app, checks, keepRequests);
        app.MapPost("/v3/mail/send", fake.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        fake.BaseAddress = new Uri(address);
        return fake;
    }

    /// <summary>The next requests get these answers, in order; after them, 202.</summary>
    public void Answer(params FakeAnswer[] answers)
    {
        foreach (var answer in answers) script.Enqueue(answer);
    }

    /// <summary>Every request from now on gets this answer until <see cref="Reset"/>.</summary>
    public FakeAnswer? Always { get; set; }

    /// <summary>Forgets the script (not what was recorded).</summary>
    public void Reset()
    {
        script.Clear();
        Always = null;
    }

    /// <summary>The requests that carried campaign <paramref name="campaignId"/>.</summary>
    public IReadOnlyList<RecordedRequest> RequestsOf(string campaignId) => Requests.Where(r => r.CampaignId == campaignId).ToList();

    /// <summary>Accepted copies per address for one campaign.</summary>
    public Dictionary<string, int> CopiesOf(string campaignId) =>
        RequestsOf(campaignId).Where(r => r.Status == 202).SelectMany(r => r.Recipients).GroupBy(e => e, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);

    private async Task HandleAsync(HttpContext context)
    {
        var index = Interlocked.Increment(ref received);
        Interlocked.Add(ref receivedBodyBytes, context.Request.ContentLength ?? 0);
        if (context.Request.Headers.Authorization.ToString() != $"Bearer {ApiKey}")
        {
            await WriteErrorAsync(context.Response, 401, "The provided authorization grant is invalid, expired, or revoked", null);
            return;
        }

        string? body = null;
        IReadOnlyList<string> recipients;
        string? campaignId, batch;
        string subject;
        if (keepRequests || checks == SchemaChecks.Every || index == 1)
        {
            using var reader = new StreamReader(context.Request.Body);
            body = await reader.ReadToEndAsync(context.RequestAborted);
            using var json = Parse(body);
            (recipients, campaignId, batch, subject) = Read(json);
        }
        else
        {
            using var json = await ParseAsync(context.Request.Body, context.RequestAborted);
            (recipients, campaignId, batch, subject) = Read(json);
        }

        if (index == 1) firstBody = body;
        var problems = checks == SchemaChecks.Every ? SendGridSchema.Problems(body!) : [];
        var answer = problems.Count > 0 ? FakeAnswer.BadRequest(string.Join("; ", problems)) : Always ?? (script.TryDequeue(out var next) ? next : FakeAnswer.Accepted);

        if (keepRequests) requests.Enqueue(new RecordedRequest(index, body, recipients, campaignId, batch, subject, answer.Status, problems, DateTimeOffset.UtcNow));

        if (answer.Status == 202)
        {
            Interlocked.Add(ref acceptedPersonalizations, recipients.Count);
            CountCopies(recipients);
            context.Response.StatusCode = 202;
            context.Response.Headers["X-Message-Id"] = Guid.NewGuid().ToString("N")[..22];
            return;
        }

        if (answer.Status == 429)
        {
            context.Response.Headers["X-RateLimit-Limit"] = "600";
            context.Response.Headers["X-RateLimit-Remaining"] = "0";
            context.Response.Headers["X-RateLimit-Reset"] = DateTimeOffset.UtcNow.AddSeconds(answer.RateLimitResetInSeconds).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await WriteErrorAsync(context.Response, answer.Status, answer.ErrorMessage ?? "error", answer.ErrorField);
    }

    private void CountCopies(IReadOnlyList<string> recipients)
    {
        if (keepRequests)
        {
            foreach (var email in recipients) copies.AddOrUpdate(email, 1, (_, n) => n + 1);
        }

        lock (fingerprints)
        {
            foreach (var email in recipients)
            {
                if (!fingerprints.Add(Fingerprint(email))) duplicateCopies++;
            }
        }
    }

    /// <summary>FNV-1a, 64 bits, of the lower-cased address: collisions are negligible at a million addresses.</summary>
    private static ulong Fingerprint(string email)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in email)
        {
            hash = (hash ^ char.ToLowerInvariant(c)) * 1099511628211UL;
        }

        return hash;
    }

    private static Task WriteErrorAsync(HttpResponse response, int status, string message, string? field)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        return response.WriteAsync(JsonSerializer.Serialize(new { errors = new[] { new { message, field, help = (string?)null } } }));
    }

    private static JsonDocument? Parse(string body)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<JsonDocument?> ParseAsync(Stream body, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static (IReadOnlyList<string> Recipients, string? CampaignId, string? Batch, string Subject) Read(JsonDocument? json)
    {
        if (json is null || json.RootElement.ValueKind != JsonValueKind.Object) return ([], null, null, "");
        var root = json.RootElement;
        var recipients = new List<string>();
        string? campaignId = null, batch = null;
        if (root.TryGetProperty("personalizations", out var personalizations) && personalizations.ValueKind == JsonValueKind.Array)
        {
            foreach (var p in personalizations.EnumerateArray())
            {
                if (p.ValueKind != JsonValueKind.Object) continue;
                if (p.TryGetProperty("to", out var to) && to.ValueKind == JsonValueKind.Array)
                    recipients.AddRange(to.EnumerateArray().Select(t => t.ValueKind == JsonValueKind.Object && t.TryGetProperty("email", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString()! : ""));
                if (campaignId is null && p.TryGetProperty("custom_args", out var args) && args.ValueKind == JsonValueKind.Object)
                {
                    campaignId = args.TryGetProperty("campaign_id", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
                    batch = args.TryGetProperty("batch", out var b) && b.ValueKind == JsonValueKind.String ? b.GetString() : null;
                }
            }
        }

        var subject = root.TryGetProperty("subject", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() ?? "" : "";
        return (recipients, campaignId, batch, subject);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
