using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Outreach.Core.Audiences;
using Outreach.Core.Campaigns;
using Outreach.Core.Campaigns.Pipeline;
using Outreach.Core.Campaigns.Rendering;
using Outreach.Core.Common.Time;
using Outreach.Core.Mail;
using Outreach.Core.Webhooks.SendGrid;
using Outreach.Core.Common.Storage;
using Outreach.Core.Subscriptions;
using Outreach.DevHost;

namespace Outreach.Benchmarks.Campaigns;

/// <summary>
/// One measured run in a fresh process: its own Azurite, the fake SendGrid, the DevHost; N confirmed subscribers seeded;
/// then the floor (paging the audience partition with the planner's own query, no sending) and either the real pipeline
/// (a campaign sent "now" through the queues) or the naive baseline (one SendGrid request per recipient).
/// </summary>
public static class DeliveryScenario
{
    public const string Audience = "bench";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(60);

    public static async Task<DeliveryRunResult> RunAsync(string kind, int size)
    {
        var ports = AzuriteLauncher.FreePorts(3);
        using var azurite = await AzuriteLauncher.StartAsync(ports[0], ports[1], ports[2], log: Console.Error.WriteLine);
        await using var sendGrid = await FakeSendGridProcess.StartAsync();
        await using var host = new DeliveryBenchmarkHost(azurite.ConnectionString, sendGrid.BaseAddress);
        var services = host.Services;
        var storageOperations = services.GetRequiredService<StorageOperations>();
        Collect();
        using var started = Process.GetCurrentProcess();
        var atRest = started.WorkingSet64;
        var memoryAtRest = MemoryBreakdown.Now(started);
        Console.Error.WriteLine($"[{kind} {size}] DevHost started (fake SendGrid in process {sendGrid.ProcessId}): working set {Machine.Megabytes(atRest)}, GC {Machine.GcMode()}");

        var seed = Stopwatch.StartNew();
        await SeedAsync(services, size);
        var seeding = seed.Elapsed;
        Console.Error.WriteLine($"[{kind} {size}] seeded {size} confirmed subscribers in {seeding.TotalSeconds:0.0} s");
        var listing = await AudienceListingAsync(host, services);
        Console.Error.WriteLine($"[{kind} {size}] GET /api/admin/audiences: median {listing.MedianMilliseconds:0.0} ms, slowest {listing.MaxMilliseconds:0.0} ms of {listing.Calls}; the full recount it replaced: {listing.RecountSeconds:0.00} s");
        Collect();
        using var self = Process.GetCurrentProcess();
        var peakBeforeSend = self.PeakWorkingSet64;

        var loadBefore = Machine.LoadAverage();
        var azuriteCpu = Machine.CpuTimeOfTree(azurite.ProcessId);
        var ownCpuBeforeFloor = self.TotalProcessorTime;
        var floorBefore = await FloorAsync(services, size);
        var azuriteCpuFloor = Machine.CpuTimeOfTree(azurite.ProcessId) - azuriteCpu;
        self.Refresh();
        var ownCpuFloor = self.TotalProcessorTime - ownCpuBeforeFloor;
        Console.Error.WriteLine($"[{kind} {size}] floor (paging the partition): {floorBefore.TotalSeconds:0.00} s (CPU: Azurite {azuriteCpuFloor.TotalSeconds:0.0} s, this process {ownCpuFloor.TotalSeconds:0.0} s)");

        DeliveryRunResult result;
        azuriteCpu = Machine.CpuTimeOfTree(azurite.ProcessId);
        var sendGridCpu = Machine.CpuTime(sendGrid.ProcessId);
        var operationsBefore = storageOperations.Snapshot();
        var ownCpu = self.TotalProcessorTime;
        var (gcPause, gen2, allocated) = (GC.GetTotalPauseDuration(), GC.CollectionCount(2), GC.GetTotalAllocatedBytes(precise: true));
        var exactPeak = Machine.ResetPeakWorkingSet();
        using var allocations = new AllocationSampler();
        await using (var sampler = new WorkingSetSampler())
        {
            result = kind == "naive" ? await NaiveAsync(services, sendGrid, size) : await PipelineAsync(host, sendGrid, size);
            result = result with
            {
                PeakWorkingSetDuringSendBytes = sampler.Peak, PeakManagedCommittedDuringSendBytes = sampler.PeakManagedCommitted,
                MemoryAtPeak = sampler.AtPeak, PeakThreadsDuringSend = sampler.PeakThreads,
            };
        }

        self.Refresh();
        result = result with
        {
            ExactPeakDuringSendBytes = exactPeak ? self.PeakWorkingSet64 : 0,
            AllocationsDuringSend = allocations.Stop(top: 10),
        };
        var operations = Difference(storageOperations.Snapshot(), operationsBefore);
        result = result with
        {
            AzuriteCpuFloorSeconds = azuriteCpuFloor.TotalSeconds,
            OwnCpuFloorSeconds = ownCpuFloor.TotalSeconds,
            AzuriteCpuSendSeconds = (Machine.CpuTimeOfTree(azurite.ProcessId) - azuriteCpu).TotalSeconds,
            OwnCpuSendSeconds = (self.TotalProcessorTime - ownCpu).TotalSeconds,
            SendGridCpuSendSeconds = (Machine.CpuTime(sendGrid.ProcessId) - sendGridCpu).TotalSeconds,
            LoadAverageBefore = loadBefore,
            LoadAverageAfter = Machine.LoadAverage(),
            GcPauseSendSeconds = (GC.GetTotalPauseDuration() - gcPause).TotalSeconds,
            Gen2CollectionsDuringSend = GC.CollectionCount(2) - gen2,
            AllocatedDuringSendBytes = GC.GetTotalAllocatedBytes(precise: true) - allocated,
            StorageOperations = operations,
        };
        Console.Error.WriteLine($"[{kind} {size}] CPU during the send: Azurite {result.AzuriteCpuSendSeconds:0.0} s, Outreach {result.OwnCpuSendSeconds:0.0} s, fake SendGrid {result.SendGridCpuSendSeconds:0.0} s (GC pauses {result.GcPauseSendSeconds:0.00} s, {result.Gen2CollectionsDuringSend} gen2, {Machine.Megabytes(result.AllocatedDuringSendBytes)} allocated); storage operations: {operations.Values.Sum()} ({string.Join(", ", operations.OrderByDescending(o => o.Value).Select(o => $"{o.Key} {o.Value}"))})");

        Collect(); // like before the first floor: the second one starts from a collected heap too
        var floorAfter = await FloorAsync(services, size);
        Console.Error.WriteLine($"[{kind} {size}] floor again: {floorAfter.TotalSeconds:0.00} s");
        self.Refresh();
        var stats = await sendGrid.StatsAsync();
        return result with
        {
            GcMode = Machine.GcMode(),
            SeedSeconds = seeding.TotalSeconds,
            WorkingSetAtRestBytes = atRest,
            MemoryAtRest = memoryAtRest,
            PeakWorkingSetBeforeSendBytes = peakBeforeSend,
            FloorBeforeSeconds = floorBefore.TotalSeconds,
            FloorAfterSeconds = floorAfter.TotalSeconds,
            // The machine's load drifts (other work shares its 2 cores): the floor measured just before and just after
            // the send brackets the conditions the send ran in.
            FloorSeconds = (floorBefore.TotalSeconds + floorAfter.TotalSeconds) / 2,
            Requests = stats.Requests,
            Personalizations = stats.AcceptedPersonalizations,
            DuplicateCopies = stats.DuplicateCopies,
            DistinctRecipients = stats.DistinctRecipients,
            SendGridBodyBytes = stats.ReceivedBodyBytes,
            SchemaProblems = stats.SchemaProblems,
            PeakWorkingSetBytes = Math.Max(peakBeforeSend, self.PeakWorkingSet64), // the kernel's peak was reset before the send
            AzuritePeakRssBytes = Machine.PeakRssOfTree(azurite.ProcessId),
            AudienceListing = listing,
        };
    }

    /// <summary>
    /// The console's first screen at this size: <c>GET /api/admin/audiences</c> (counters), timed over a few calls, and
    /// once the full recount it used to do (every membership of every audience, <c>select=Status</c>).
    /// </summary>
    private static async Task<AudienceListingTiming> AudienceListingAsync(DeliveryBenchmarkHost host, IServiceProvider services)
    {
        const int calls = 20;
        var admin = host.CreateAdminClient();
        var expected = (await admin.GetFromJsonAsync<JsonElement>("/api/admin/audiences")).EnumerateArray()
            .Single(a => a.GetProperty("id").GetString() == Audience).GetProperty("counts").GetProperty("confirmed").GetInt32();
        var timings = new List<double>();
        for (var i = 0; i < calls; i++)
        {
            var clock = Stopwatch.StartNew();
            (await admin.GetAsync("/api/admin/audiences")).EnsureSuccessStatusCode();
            timings.Add(clock.Elapsed.TotalMilliseconds);
        }

        var members = services.GetRequiredService<MembershipStore>();
        var all = await services.GetRequiredService<AudienceStore>().ListAsync();
        var recount = Stopwatch.StartNew();
        var recounted = await Task.WhenAll(all.Select(a => members.RecountMembersAsync(a.Id)));
        var recountSeconds = recount.Elapsed.TotalSeconds;
        var confirmed = recounted[all.ToList().FindIndex(a => a.Id == Audience)].Confirmed;
        if (confirmed != expected) throw new InvalidOperationException($"The counters say {expected} confirmed, a recount {confirmed}.");
        timings.Sort();
        return new AudienceListingTiming(calls, timings[calls / 2], timings[^1], recountSeconds, expected);
    }

    private static Dictionary<string, long> Difference(IReadOnlyDictionary<string, long> after, IReadOnlyDictionary<string, long> before) =>
        after.Select(a => (a.Key, Value: a.Value - before.GetValueOrDefault(a.Key))).Where(a => a.Value > 0).ToDictionary(a => a.Key, a => a.Value);

    /// <summary>The real thing: POST a campaign (send now), then wait until SendGrid has accepted every recipient and the campaign says sent.</summary>
    private static async Task<DeliveryRunResult> PipelineAsync(DeliveryBenchmarkHost host, FakeSendGridProcess sendGrid, int size)
    {
        var admin = host.CreateAdminClient();
        var clock = Stopwatch.StartNew();
        var response = await admin.PostAsJsonAsync("/api/admin/campaigns", new
        {
            subject = "L'économie de l'alliance — {{firstName|à vous}}",
            preheader = "Le numéro d'octobre",
            html = Newsletter,
            audiences = new[] { Audience },
            kind = "newsletter",
            categories = new[] { "benchmark" },
        });
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"Creating the campaign failed: {created}");
        var id = created.GetProperty("id").GetString()!;

        var stats = await sendGrid.StatsAsync();
        while (stats.AcceptedPersonalizations < size && clock.Elapsed < Timeout)
        {
            await Task.Delay(20);
            stats = await sendGrid.StatsAsync();
        }

        var wall = clock.Elapsed;
        Console.Error.WriteLine($"[pipeline {size}] SendGrid accepted {stats.AcceptedPersonalizations} recipients in {stats.Requests} requests after {wall.TotalSeconds:0.00} s");

        JsonElement campaign;
        do
        {
            campaign = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/campaigns/{id}");
            if (campaign.GetProperty("state").GetString() != CampaignStates.Sending) break;
            await Task.Delay(250);
        }
        while (clock.Elapsed < Timeout);

        var counts = campaign.GetProperty("counts");
        return new DeliveryRunResult
        {
            Kind = "pipeline",
            Size = size,
            WallSeconds = wall.TotalSeconds,
            UntilSentStateSeconds = clock.Elapsed.TotalSeconds,
            State = campaign.GetProperty("state").GetString()!,
            Planned = counts.GetProperty("planned").GetInt32(),
            Sent = counts.GetProperty("sent").GetInt32(),
        };
    }

    /// <summary>
    /// What the common Functions samples do: one SendGrid request per recipient (the same rendering, links and headers),
    /// 16 at a time like the queue trigger's batch.
    /// </summary>
    private static async Task<DeliveryRunResult> NaiveAsync(IServiceProvider services, FakeSendGridProcess sendGrid, int size)
    {
        var subscribers = services.GetRequiredService<MembershipStore>();
        var template = services.GetRequiredService<CampaignTemplates>().Compile(new CampaignDraft
        {
            Subject = "L'économie de l'alliance — {{firstName|à vous}}",
            Preheader = "Le numéro d'octobre",
            Html = Newsletter,
            Audiences = [Audience],
        });
        var builder = services.GetRequiredService<OutgoingBatchBuilder>();
        var sender = services.GetRequiredService<SendGridMailSender>();
        var clock = Stopwatch.StartNew();
        var recipients = subscribers.StreamConfirmedAsync(Audience, null, 1000).SelectMany(page => page.ToAsyncEnumerable());
        await Parallel.ForEachAsync(recipients, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (member, token) =>
        {
            var one = await builder.BuildAsync("naive", "1", [Audience], "fr", ["newsletter"], template,
                [new PlannedRecipient(member.ContactKey, 0, member.Email, member.FirstName)], token);
            var copy = OutboxCampaignTransport.CopyFor(one, one.Recipients[0]) with { CustomArgs = new Dictionary<string, string>() };
            await sender.SendAsync(copy, token);
        });
        var wall = clock.Elapsed;
        var stats = await sendGrid.StatsAsync();
        Console.Error.WriteLine($"[naive {size}] SendGrid accepted {stats.AcceptedPersonalizations} recipients in {stats.Requests} requests after {wall.TotalSeconds:0.00} s");
        return new DeliveryRunResult { Kind = "naive", Size = size, WallSeconds = wall.TotalSeconds, State = "n/a", Planned = size, Sent = (int)stats.AcceptedPersonalizations };
    }

    /// <summary>The least any send must do: read every confirmed member of the partition, 1000 at a time, with the planner's query.</summary>
    private static async Task<TimeSpan> FloorAsync(IServiceProvider services, int size)
    {
        var subscribers = services.GetRequiredService<MembershipStore>();
        var clock = Stopwatch.StartNew();
        var read = 0;
        await foreach (var page in subscribers.StreamConfirmedAsync(Audience, null, 1000)) read += page.Count;
        if (read != size) throw new InvalidOperationException($"The floor read {read} members, expected {size}.");
        return clock.Elapsed;
    }

    private static async Task SeedAsync(IServiceProvider services, int size)
    {
        await services.GetRequiredService<AudienceStore>().AddAsync(new Audience { Id = Audience, Name = "Benchmark", Cadence = "monthly", OpenForSignup = false });
        var store = services.GetRequiredService<MembershipStore>();
        var now = DateTimeOffset.UtcNow;
        var chunks = Enumerable.Range(0, size).Chunk(100);
        await Parallel.ForEachAsync(chunks, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (chunk, token) =>
        {
            var members = chunk.Select(i =>
            {
                var email = $"lecteur.{i}@benchmark.example.org";
                return new Member
                {
                    AudienceId = Audience, ContactKey = EmailAddress.KeyOf(email), Email = email, FirstName = i % 5 == 0 ? null : $"Prénom{i}",
                    Status = MemberStatus.Confirmed, SubscribedAt = now, ConfirmedAt = now, Source = "benchmark",
                };
            }).ToList();
            await store.SaveMembersBatchAsync(members, token); // one partition transaction per 100 rows (same partition, any keys)
        });
    }

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private const string Newsletter = """
        <html><body style="font-family:Georgia,serif;max-width:640px;margin:auto">
        <h1>L'économie de l'alliance</h1>
        <p>Bonjour {{firstName|à vous}},</p>
        <p>Ce mois-ci, nous revenons sur les partenariats entre associations, entreprises, fondations et collectivités :
        comment la co-construction du bien commun change les pratiques de chacun.</p>
        <h2>À lire</h2>
        <ul>
          <li><a href="https://outreach.example.org/articles/1">Faire alliance : dix ans de partenariats territoriaux</a></li>
          <li><a href="https://outreach.example.org/articles/2">Mécénat de compétences : ce qui marche</a></li>
          <li><a href="https://outreach.example.org/articles/3">ODD 17 : le programme des Jeudis</a></li>
        </ul>
        <h2>Webinaires à venir</h2>
        <p>« De la connaissance à la compétence », le 19 novembre de 13 h à 14 h 30.</p>
        </body></html>
        """;
}
