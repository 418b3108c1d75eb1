using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Outreach.DevHost;
using Outreach.IntegrationTests.Infrastructure;

namespace Outreach.IntegrationTests.DevHost;

public sealed class SampleTimerFunctions
{
    public static readonly List<TimerInfo> Runs = [];

    [Function("SampleEveryFiveMinutes")]
    public Task Run([TimerTrigger("%SampleSchedule%", RunOnStartup = true)] TimerInfo timer, CancellationToken cancellationToken)
    {
        lock (Runs)
        {
            Runs.Add(timer);
        }

        return Task.CompletedTask;
    }
}

public sealed class TimerFunctionRunnerTests(DevHostFactory host) : IClassFixture<DevHostFactory>
{
    [Theory]
    [InlineData("0 */5 * * * *", "2026-10-01T09:02:10Z", "2026-10-01T09:05:00Z")]
    [InlineData("0 30 3 * * *", "2026-10-01T09:02:10Z", "2026-10-02T03:30:00Z")]
    [InlineData("*/15 * * * *", "2026-10-01T09:02:10Z", "2026-10-01T09:15:00Z")]
    [InlineData("00:10:00", "2026-10-01T09:02:10Z", "2026-10-01T09:12:10Z")]
    public void Schedules_are_NCRONTAB_in_UTC(string expression, string after, string next) =>
        Assert.Equal(DateTimeOffset.Parse(next), TimerSchedule.Parse("Sample", expression).Next(DateTimeOffset.Parse(after)));

    [Fact]
    public void A_bad_schedule_names_its_function() =>
        Assert.Equal("Sample", Assert.Throws<FunctionSignatureException>(() => TimerSchedule.Parse("Sample", "every monday")).FunctionName);

    [Fact]
    public async Task The_runner_honours_RunOnStartup_resolves_settings_and_fires_on_schedule()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-10-01T09:02:10Z"));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["SampleSchedule"] = "0 */5 * * * *" }).Build();
        using var runner = new TimerFunctionRunner(
            FunctionCatalog.FromTypes(typeof(SampleTimerFunctions)),
            host.Services.GetRequiredService<IServiceScopeFactory>(),
            configuration,
            clock,
            NullLogger<TimerFunctionRunner>.Instance);

        await runner.StartAsync(CancellationToken.None);
        await WaitForRunsAsync(1);                       // RunOnStartup
        clock.Advance(TimeSpan.FromMinutes(3));         // 09:05:10, past 09:05:00
        await WaitForRunsAsync(2);
        await runner.StopAsync(CancellationToken.None);

        Assert.Equal(new DateTime(2026, 10, 1, 9, 10, 0, DateTimeKind.Utc), SampleTimerFunctions.Runs[1].ScheduleStatus!.Next);
    }

    [Fact]
    public void The_DevHost_does_not_run_timers_when_told_not_to() =>
        Assert.False(host.Services.GetRequiredService<TimerFunctionRunner>().Enabled);

    private static async Task WaitForRunsAsync(int count)
    {
        // The runner's loop continues on the thread pool after the fake clock moves: wait for it, bounded.
        for (var i = 0; i < 3000; i++)
        {
            lock (SampleTimerFunctions.Runs)
            {
                if (SampleTimerFunctions.Runs.Count >= count)
                {
                    return;
                }
            }

            await Task.Delay(10);
        }

        Assert.Fail($"The timer function did not run {count} time(s).");
    }
}
