using System.Threading.Channels;
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
    public static readonly Channel<TimerInfo> Runs = Channel.CreateUnbounded<TimerInfo>();

    [Function("SampleEveryFiveMinutes")]
    public Task Run([TimerTrigger("%SampleSchedule%", RunOnStartup = true)] TimerInfo timer, CancellationToken cancellationToken) =>
        Runs.Writer.WriteAsync(timer, cancellationToken).AsTask();
}

/// <summary>
/// A fake clock that says when someone starts waiting on it: the test moves time only once the runner has armed its
/// delay, so the delay is measured from the time the runner read, never from a time already moved on.
/// </summary>
public sealed class ObservedFakeClock(DateTimeOffset start) : TimeProvider
{
    private readonly FakeTimeProvider clock = new(start);
    private readonly Channel<TimeSpan> armed = Channel.CreateUnbounded<TimeSpan>();

    public override DateTimeOffset GetUtcNow() => clock.GetUtcNow();

    public override long GetTimestamp() => clock.GetTimestamp();

    public override long TimestampFrequency => clock.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => clock.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = clock.CreateTimer(callback, state, dueTime, period);
        armed.Writer.TryWrite(dueTime);
        return timer;
    }

    /// <summary>Completes when the next timer is created, with its due time.</summary>
    public ValueTask<TimeSpan> NextTimerArmedAsync(CancellationToken cancellationToken) => armed.Reader.ReadAsync(cancellationToken);

    public void Advance(TimeSpan by) => clock.Advance(by);
}

public sealed class TimerFunctionRunnerTests(DevHostFixture host) : IClassFixture<DevHostFixture>
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
        var clock = new ObservedFakeClock(DateTimeOffset.Parse("2026-10-01T09:02:10Z"));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["SampleSchedule"] = "0 */5 * * * *" }).Build();
        using var runner = new TimerFunctionRunner(
            FunctionCatalog.FromTypes(typeof(SampleTimerFunctions)),
            host.Services.GetRequiredService<IServiceScopeFactory>(),
            configuration,
            clock,
            NullLogger<TimerFunctionRunner>.Instance);

        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60)); // a bound on a hang, not a timed assertion
        await runner.StartAsync(CancellationToken.None);
        var onStartup = await SampleTimerFunctions.Runs.Reader.ReadAsync(bound.Token);
        var armedFor = await clock.NextTimerArmedAsync(bound.Token); // the runner now waits for 09:05:00
        clock.Advance(TimeSpan.FromMinutes(3));                      // 09:05:10, past 09:05:00
        var onSchedule = await SampleTimerFunctions.Runs.Reader.ReadAsync(bound.Token);
        await runner.StopAsync(CancellationToken.None);

        Assert.Equal(new DateTime(2026, 10, 1, 9, 5, 0, DateTimeKind.Utc), onStartup.ScheduleStatus!.Next);
        Assert.Equal(TimeSpan.FromSeconds(170), armedFor);
        Assert.Equal(new DateTime(2026, 10, 1, 9, 10, 0, DateTimeKind.Utc), onSchedule.ScheduleStatus!.Next);
    }

    [Fact]
    public void The_DevHost_does_not_run_timers_when_told_not_to() =>
        Assert.False(host.Services.GetRequiredService<TimerFunctionRunner>().Enabled);
}
