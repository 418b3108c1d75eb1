using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Outreach.Core.Common.Storage;
using Outreach.IntegrationTests.Infrastructure;

namespace Outreach.IntegrationTests.Campaigns;

/// <summary>Thrown at an armed <see cref="CrashPoints"/> point: the operation stops there, as a process that died would.</summary>
public sealed class InjectedCrash(string point) : Exception($"Injected crash at {point}.")
{
    public string Point { get; } = point;
}

/// <summary>Crash points that throw once at the armed point and are quiet everywhere else.</summary>
public sealed class InjectedCrashes : CrashPoints
{
    private readonly Lock gate = new();
    private string? armed;

    /// <summary>The point that threw, once it did.</summary>
    public string? Fired { get; private set; }

    public void Arm(string point)
    {
        lock (gate)
        {
            Fired = null;
            armed = point;
        }
    }

    public override void Reached(string point)
    {
        lock (gate)
        {
            if (!string.Equals(armed, point, StringComparison.Ordinal)) return;
            armed = null;
            Fired = point;
        }

        throw new InjectedCrash(point);
    }
}

/// <summary>
/// The DevHost on a fake clock with the Outbox transport (one <c>.eml</c> per recipient, campaigns included) and
/// <see cref="InjectedCrashes"/> in place of the production crash points.
/// </summary>
public sealed class CrashRecoveryHostFixture : DevHostFixture
{
    public CrashRecoveryHostFixture(DateTimeOffset start)
    {
        UseFakeTime(start);
        WithSetting("PublicBaseUrl", "http://localhost:7071");
    }

    public InjectedCrashes Crashes { get; } = new();

    public static async Task<CrashRecoveryHostFixture> StartAsync(DateTimeOffset start, IDictionary<string, string?>? settings = null)
    {
        var host = new CrashRecoveryHostFixture(start);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) host.WithSetting(key, value);
        await host.InitializeAsync();
        return host;
    }

    /// <summary>
    /// What happens after a crash without anyone's help: the clock moves past the dispatcher's grace for planning that
    /// never began, the campaign dispatcher runs, every queue drains; twice, so that a second pass can show it sends nothing more.
    /// </summary>
    public async Task RecoverAsync()
    {
        for (var pass = 0; pass < 2; pass++)
        {
            FakeTime!.Advance(TimeSpan.FromMinutes(3));
            await RunTimerAsync("DispatchCampaigns");
            await DrainQueuesAsync();
        }
    }

    /// <summary>How many mails reached <paramref name="address"/> whose subject contains <paramref name="subject"/> (queues drained first).</summary>
    public async Task<int> MailsToAsync(string address, string subject) =>
        (await ReadOutboxAsync(address)).Count(m => (m.Subject ?? "").Contains(subject, StringComparison.Ordinal));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<CrashPoints>();
            services.AddSingleton<CrashPoints>(Crashes);
        });
    }
}
