using System.Net;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Outreach.Core.Common.Configuration;
using Outreach.Core.Common.Links;
using Outreach.Core.Common.Time;
using Outreach.Core.Events.Calendar;
using Outreach.Core.Events.Mails;
using Outreach.Core.Events.Registrations;
using Outreach.Core.Events.Sessions;
using Outreach.Core.Mail;
using Outreach.Core.Mail.Templates;
using Outreach.Core.Newsletters;
using Outreach.Core.Subscriptions;

namespace Outreach.Benchmarks.Events;

/// <summary>
/// One rescheduled session with 10,000 registrants: build each registrant's updated invite mail (iTIP REQUEST,
/// SEQUENCE + 1, text + HTML + calendar part + .ics) and hand it to the transport, eight at a time as a fan-out page
/// does. Three runs, read as ratios: building only, building + Outbox (.eml files on disk), building + SendGrid
/// client against a local fake SendGrid answering 202. Storage (ledger claims, registrant pages) is not included.
/// Run: dotnet run -c Release --project tests/Outreach.Benchmarks -- --filter '*RescheduledSessionInvites*'
/// </summary>
[Config(typeof(MacroBenchmarkConfig))]
[MemoryDiagnoser]
public class RescheduledSessionInvitesBenchmark
{
    public const int Registrants = 10_000;
    private const int Concurrency = 8;

    private EventSession session = null!;
    private Registration[] registrations = [];
    private EventMails mails = null!;
    private OutboxMailSender outbox = null!;
    private SendGridMailSender sendGrid = null!;
    private WebApplication fakeSendGrid = null!;
    private string outboxFolder = "";

    [GlobalSetup]
    public async Task SetUp()
    {
        var clock = TimeProvider.System;
        var tokens = new LinkTokens(Options.Create(new TokenOptions { SigningKey = "benchmark-signing-key-0123456789abcdef" }), clock);
        var links = new EventLinks(new PublicUrls(Options.Create(new OutreachOptions { PublicBaseUrl = "https://outreach.example.org" })), tokens);
        var renderer = new MailTemplateRenderer(new ShippedMailTemplateSource(), new LiquidTemplates(), Options.Create(new OutreachOptions()), Options.Create(new NewsletterOptions()));
        mails = new EventMails(new InviteBuilder(links, clock), links, renderer);
        session = Rescheduled();
        registrations = Enumerable.Range(0, Registrants).Select(Registrant).ToArray();

        outboxFolder = Path.Combine(Path.GetTempPath(), "outreach-bench-outbox-" + Guid.NewGuid().ToString("N")[..8]);
        outbox = new OutboxMailSender(Options.Create(new MailOptions { OutboxPath = outboxFolder }), clock);

        fakeSendGrid = FakeSendGrid();
        await fakeSendGrid.StartAsync();
        var address = fakeSendGrid.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        sendGrid = new SendGridMailSender(Options.Create(new SendGridOptions { ApiKey = "SG.benchmark", Host = address }), Options.Create(new MailOptions()), new SingleClientFactory());
    }

    [GlobalCleanup]
    public async Task TearDown()
    {
        await fakeSendGrid.StopAsync();
        if (Directory.Exists(outboxFolder)) Directory.Delete(outboxFolder, recursive: true);
    }

    [IterationCleanup]
    public void EmptyOutbox()
    {
        if (Directory.Exists(outboxFolder)) Directory.Delete(outboxFolder, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "build 10k updated invites")]
    public Task<long> BuildOnly() => HandOverAllAsync(_ => Task.CompletedTask);

    [Benchmark(Description = "build + hand 10k to Outbox (.eml)")]
    public Task<long> BuildAndOutbox() => HandOverAllAsync(mail => outbox.SendAsync(mail));

    [Benchmark(Description = "build + hand 10k to fake SendGrid")]
    public Task<long> BuildAndSendGrid() => HandOverAllAsync(mail => sendGrid.SendAsync(mail));

    /// <summary>What a fan-out page does for each registrant, over all registrants: returns the calendar bytes built.</summary>
    private async Task<long> HandOverAllAsync(Func<MailMessage, Task> handOver)
    {
        long calendarBytes = 0;
        using var gate = new SemaphoreSlim(Concurrency);
        await Task.WhenAll(registrations.Select(async registration =>
        {
            await gate.WaitAsync();
            try
            {
                var mail = await mails.UpdateAsync(session, registration);
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
            Capacity = Registrants,
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

    /// <summary>A local stand-in for SendGrid's v3 mail/send: reads the request and answers 202, as SendGrid does.</summary>
    private static WebApplication FakeSendGrid()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapPost("/v3/mail/send", async (HttpRequest request) =>
        {
            await request.Body.CopyToAsync(Stream.Null);
            return Results.StatusCode(StatusCodes.Status202Accepted);
        });
        return app;
    }

    private sealed class SingleClientFactory : IHttpClientFactory
    {
        private readonly HttpClient client = new(new SocketsHttpHandler { MaxConnectionsPerServer = Concurrency });

        public HttpClient CreateClient(string name) => client;
    }

    /// <summary>10,000 mails per operation: a few measured iterations in-process, not thousands of invocations.</summary>
    private sealed class MacroBenchmarkConfig : ManualConfig
    {
        public MacroBenchmarkConfig()
        {
            AddJob(Job.Default
                .WithStrategy(RunStrategy.Monitoring)
                .WithLaunchCount(1)
                .WithWarmupCount(1)
                .WithIterationCount(5)
                .WithToolchain(InProcessEmitToolchain.Instance));
        }
    }
}
