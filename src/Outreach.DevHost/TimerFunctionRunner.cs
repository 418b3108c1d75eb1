using Cronos;
using Microsoft.Azure.Functions.Worker;

namespace Outreach.DevHost;

/// <summary>
/// Runs the timer functions on their NCRONTAB schedules (UTC, like a Linux Functions host), honouring
/// <c>RunOnStartup</c>. <c>DevHost:RunTimers=false</c> turns the schedule loop off; <see cref="RunNowAsync"/> still works.
/// </summary>
public sealed class TimerFunctionRunner(
    FunctionCatalog catalog,
    IServiceScopeFactory scopes,
    IConfiguration configuration,
    TimeProvider time,
    ILogger<TimerFunctionRunner> logger) : BackgroundService
{
    public const string EnabledKey = "DevHost:RunTimers";

    private IReadOnlyDictionary<string, TimerSchedule>? schedules;

    public IReadOnlyList<TimerFunctionDescriptor> Functions { get; } = catalog.Timers.ToList();

    /// <summary>Each timer function's schedule, with <c>%Setting%</c> resolved; parsed (and so checked) at start.</summary>
    public IReadOnlyDictionary<string, TimerSchedule> Schedules =>
        schedules ??= Functions.ToDictionary(f => f.Name, f => TimerSchedule.Parse(f.Name, AppSettingExpression.Resolve(f.Schedule, configuration)));

    public bool Enabled => configuration.GetValue(EnabledKey, true);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _ = Schedules; // a schedule that does not parse stops the start with a message naming the function
        return base.StartAsync(cancellationToken);
    }

    /// <summary>Invokes one timer function now, as its schedule would (tests use this instead of waiting).</summary>
    public Task RunNowAsync(string functionName, CancellationToken cancellationToken = default)
    {
        var function = Functions.FirstOrDefault(f => string.Equals(f.Name, functionName, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"No timer function named '{functionName}'.", nameof(functionName));
        var now = time.GetUtcNow();
        return InvokeAsync(function, new TimerInfo
        {
            ScheduleStatus = Status(now, Schedules[function.Name].Next(now), now),
        }, cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled || Functions.Count == 0)
        {
            return;
        }

        await Task.WhenAll(Functions.Select(f => RunScheduleAsync(f, stoppingToken)));
    }

    private async Task RunScheduleAsync(TimerFunctionDescriptor function, CancellationToken stoppingToken)
    {
        var schedule = Schedules[function.Name];
        var last = time.GetUtcNow();
        try
        {
            if (function.RunOnStartup)
            {
                await InvokeAsync(function, new TimerInfo { ScheduleStatus = Status(null, schedule.Next(last), last) }, stoppingToken);
            }

            while (!stoppingToken.IsCancellationRequested)
            {
                // The next occurrence after the last one handled (not after "now"): an occurrence that came due while the
                // previous run was still going, or before this loop got here, runs at once instead of being skipped.
                var due = schedule.Next(last);
                var wait = due - time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, stoppingToken);
                }

                var now = time.GetUtcNow();
                await InvokeAsync(function, new TimerInfo
                {
                    IsPastDue = now - due > TimeSpan.FromSeconds(30),
                    ScheduleStatus = Status(last, schedule.Next(now), now),
                }, stoppingToken);
                last = now > due ? now : due; // after a long pause, one catch-up run, not one per missed occurrence
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static ScheduleStatus Status(DateTimeOffset? last, DateTimeOffset next, DateTimeOffset updated) => new()
    {
        Last = last?.UtcDateTime ?? default,
        Next = next.UtcDateTime,
        LastUpdated = updated.UtcDateTime,
    };

    private async Task InvokeAsync(TimerFunctionDescriptor function, TimerInfo timer, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        try
        {
            logger.LogInformation("Timer function {FunctionName} starting", function.Name);
            await function.InvokeAsync(scope.ServiceProvider, timer, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(exception, "Timer function {FunctionName} failed", function.Name);
        }
    }
}

/// <summary>A parsed timer schedule: a 6-field (or 5-field) NCRONTAB expression, or a TimeSpan interval, in UTC.</summary>
public sealed class TimerSchedule
{
    private readonly CronExpression? cron;
    private readonly TimeSpan interval;

    private TimerSchedule(string expression, CronExpression? cron, TimeSpan interval)
    {
        Expression = expression;
        this.cron = cron;
        this.interval = interval;
    }

    public string Expression { get; }

    public DateTimeOffset Next(DateTimeOffset after) =>
        cron is null ? after + interval : cron.GetNextOccurrence(after, TimeZoneInfo.Utc) ?? DateTimeOffset.MaxValue;

    public static TimerSchedule Parse(string functionName, string expression)
    {
        try
        {
            if (!expression.Contains(' ') && TimeSpan.TryParse(expression, System.Globalization.CultureInfo.InvariantCulture, out var interval) && interval > TimeSpan.Zero)
            {
                return new TimerSchedule(expression, null, interval);
            }

            var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            var format = fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard;
            return new TimerSchedule(expression, CronExpression.Parse(expression, format), TimeSpan.Zero);
        }
        catch (CronFormatException exception)
        {
            throw new FunctionSignatureException(functionName, $"its schedule '{expression}' is not a valid NCRONTAB expression ({exception.Message}).");
        }
    }
}
