using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Outreach.Core.Configuration;
using Outreach.Core.Delivery;
using Outreach.Core.Events;
using Outreach.Core.Security;
using Outreach.Core.Subscriptions;

namespace Outreach.Benchmarks.Events;

/// <summary>One measured way of handing the invites over, and what it cost.</summary>
public sealed record InviteRun(string Name, TimeSpan Mean, TimeSpan Best, long AllocatedBytes, long CalendarBytes);

/// <summary>
/// One rescheduled session with 10,000 registrants: build each registrant's updated invite mail (iTIP REQUEST,
/// SEQUENCE + 1, text + HTML + calendar part + .ics) and hand it to the transport, eight at a time as a fan-out page
/// does. Three runs in one process, read as ratios: building only, building + SendGrid client against a local
/// stand-in answering 202, building + Outbox (.eml files on disk). Storage (ledger claims, registrant pages) is not
/// included. Plain Stopwatch, a warm-up then <c>iterations</c> measured passes; no benchmark library needed.
/// </summary>
public sealed class RescheduledSessionInvitesBenchmark : IAsyncDisposable
{
    public const int DefaultRegistrants = 10_000;
    private const int Concurrency = 8;

    private readonly EventSession session = Rescheduled();
    private readonly Registration[] registrations;
    private readonly EventMails mails;
    private readonly OutboxMailSender outbox;
    private readonly string outboxFolder = Path.Combine(Path.GetTempPath(), "outreach-bench-outbox-" + Guid.NewGuid().ToString("N")[..8]);
    private WebApplication? fakeSendGrid;
    private SendGridMailSender? sendGrid;

    public RescheduledSessionInvitesBenchmark(int registrants = DefaultRegistrants)
    {
        var clock = TimeProvider.System;
        var tokens = new LinkTokens(Options.Create(new TokenOptions { SigningKey = "benchmark-signing-key-0123456789abcdef" }), clock);
        var links = new EventLinks(new SubscriptionLinks(Options.Create(new OutreachOptions { PublicBaseUrl = "https://outreach.example.org" }), tokens), tokens);
        mails = new EventMails(new InviteBuilder(links, clock), links);
        registrations = Enumerable.Range(0, registrants).Select(Registrant).ToArray();
        outbox = new OutboxMailSender(Options.Create(new MailOptions { OutboxPath = outboxFolder }), clock);
    }

    /// <summary>Runs the three variants and prints a table with the ratios to "build only".</summary>
    public static async Task<IReadOnlyList<InviteRun>> RunAndPrintAsync(int registrants = DefaultRegistrants, int iterations = 5, TextWriter? output = null)
    {
        output ??= Console.Out;
        await using var benchmark = new RescheduledSessionInvitesBenchmark(registrants);
        var runs = await benchmark.RunAsync(iterations);
        output.WriteLine($"Rescheduled session, {registrants:N0} registrants, updated invites built and handed over {Concurrency} at a time ({iterations} passes after a warm-up):");
        output.WriteLine($"{"run",-40} {"mean",10} {"best",10} {"ratio",7} {"allocated",12} {"per invite",11}");
        foreach (var run in runs)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{run.Name,-40} {run.Mean.TotalSeconds,9:F2}s {run.Best.TotalSeconds,9:F2}s {run.Mean / runs[0].Mean,7:F2} {run.AllocatedBytes / 1048576.0,10:F0}MB {run.Mean.TotalMilliseconds / registrants,9:F3}ms"));
        }

        return runs;
    }

    public async Task<IReadOnlyList<InviteRun>> RunAsync(int iterations = 5)
    {
        await StartFakeSendGridAsync();
        return
        [
            await MeasureAsync("build only", iterations, _ => Task.CompletedTask),
            await MeasureAsync("build + hand to fake SendGrid (HTTP 202)", iterations, mail => sendGrid!.SendAsync(mail)),
            await MeasureAsync("build + hand to Outbox (.eml on disk)", iterations, mail => outbox.SendAsync(mail), EmptyOutbox),
        ];
    }

    public async ValueTask DisposeAsync()
    {
        if (fakeSendGrid is not null) await fakeSendGrid.DisposeAsync();
        EmptyOutbox();
    }

    private async Task<InviteRun> MeasureAsync(string name, int iterations, Func<MailMessage, Task> handOver, Action? afterEach = null)
    {
        await HandOverAllAsync(handOver);
        afterEach?.Invoke();
        var times = new List<TimeSpan>();
        long allocated = 0, calendarBytes = 0;
        for (var i = 0; i < iterations; i++)
        {
            GC.Collect();
            var before = GC.GetTotalAllocatedBytes(precise: true);
            var watch = Stopwatch.StartNew();
            calendarBytes = await HandOverAllAsync(handOver);
            times.Add(watch.Elapsed);
            allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            afterEach?.Invoke();
        }

        return new InviteRun(name, TimeSpan.FromTicks((long)times.Average(t => t.Ticks)), times.Min(), allocated, calendarBytes);
    }

    /// <summary>What a fan-out page does for each registrant, over all registrants: returns the calendar characters built.</summary>
    private async Task<long> HandOverAllAsync(Func<MailMessage, Task> handOver)
    {
        long calendarBytes = 0;
        using var gate = new SemaphoreSlim(Concurrency);
        await Task.WhenAll(registrations.Select(async registration =>
        {
            await gate.WaitAsync();
            try
            {
                var mail = mails.Update(session, registration);
                Interlocked.Add(ref calendarBytes, mail.Calendar!.Content.Length);
                await handOver(mail);
            }
            finally
            {
                gate.Release();
            }
        }));
        return calendarBytes;
    }

    private void EmptyOutbox()
    {
        if (Directory.Exists(outboxFolder)) Directory.Delete(outboxFolder, recursive: true);
    }

    /// <summary>A local stand-in for SendGrid's v3 mail/send: reads the request and answers 202, as SendGrid does.</summary>
    private async Task StartFakeSendGridAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        fakeSendGrid = builder.Build();
        fakeSendGrid.MapPost("/v3/mail/send", async (HttpRequest request) =>
        {
            await request.Body.CopyToAsync(Stream.Null);
            return Results.StatusCode(StatusCodes.Status202Accepted);
        });
        await fakeSendGrid.StartAsync();
        var address = fakeSendGrid.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        sendGrid = new SendGridMailSender(Options.Create(new SendGridOptions { ApiKey = "SG.benchmark", Host = address }), Options.Create(new MailOptions()), new SingleClientFactory());
    }

    private static EventSession Rescheduled()
    {
        var zone = ZonedTime.Zone("Europe/Paris");
        var start = new DateTime(2026, 11, 26, 13, 0, 0);
        return new EventSession
        {
            Id = "de-la-connaissance-a-la-competence-4f2a9c",
            Title = "De la connaissance à la compétence",
            Description = "Comment passer du savoir au savoir-faire dans les alliances entre associations, entreprises et collectivités.",
            LocalStart = start,
            LocalEnd = start.AddMinutes(90),
            TimeZone = "Europe/Paris",
            StartUtc = ZonedTime.ToInstant(start, zone),
            EndUtc = ZonedTime.ToInstant(start.AddMinutes(90), zone),
            JoinUrl = "https://visio.example.org/connaissance-competence",
            OrganizerName = "Outreach",
            OrganizerEmail = "webinaires@outreach.example.org",
            Sequence = 1,
            UpdatedAt = DateTimeOffset.UtcNow,
        };
    }

    private static Registration Registrant(int i)
    {
        var email = $"participant{i:00000}@example.org";
        return new Registration
        {
            SessionId = "de-la-connaissance-a-la-competence-4f2a9c",
            ContactKey = EmailAddress.KeyOf(email),
            Email = email,
            FirstName = i % 3 == 0 ? null : "Camille",
            Status = RegistrationStatus.Registered,
            RegisteredAt = DateTimeOffset.UtcNow,
            SeatSince = DateTimeOffset.UtcNow,
        };
    }

    private sealed class SingleClientFactory : IHttpClientFactory
    {
        private readonly HttpClient client = new(new SocketsHttpHandler { MaxConnectionsPerServer = Concurrency });

        public HttpClient CreateClient(string name) => client;
    }
}
