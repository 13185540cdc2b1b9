using EduPlatform.Bff.Testing;
using EduPlatform.Harness.Infrastructure;
using EduPlatform.Harness.Waiting;

namespace EduPlatform.Bff.Tests.Support;

/// <summary>
/// One <see cref="BffSystem"/> shared by the tests of a class (xunit runs them one at a time), since starting one takes
/// a second or more. Each test starts from healthy stubs with empty call logs and uses students of its own, so the
/// cache (keyed by student) carries nothing from one test to the next.
/// </summary>
public abstract class BffFixture(InfrastructureFixture infrastructure, BffSettings settings) : IAsyncLifetime
{
    private BffSystem? _system;

    public BffSystem System => _system ?? throw new InvalidOperationException("not started");

    public HttpClient Client { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public async ValueTask InitializeAsync() => _system = await BffSystem.StartAsync(infrastructure, settings, CurrentTest.Cancellation);

    /// <summary>The stubs as the settings started them (healthy and instant unless they say otherwise), running, with empty logs.</summary>
    public async Task ResetAsync()
    {
        var restarted = false;
        foreach (var service in System.Services.Values)
        {
            if (!service.Instance.IsRunning)
            {
                await service.RestartAsync(CurrentTest.Cancellation);
                restarted = true;
            }

            service.Behavior = settings.LegOf(service.Name);
        }

        if (restarted && settings.Clock is null)
        {
            // The BFF's first call to a restarted service may land on a connection the kill broke: use that one up here.
            await Eventually.HoldsAsync(
                async () => (await DashboardAsync("reset-probe")).Sections.Values.All(section => section.Status == "ok"),
                "every section answers again after the restart");
        }

        System.ClearCalls();
    }

    public Task<DashboardReply> DashboardAsync(string subject, string? sections = null) =>
        System.GetDashboardAsync(Client, subject, sections, CurrentTest.Cancellation);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (_system is not null)
        {
            await _system.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}

/// <summary>
/// The BFF with its defaults on the system clock, but a 10 s deadline: on a shared two-core machine a real 300 ms can
/// run out for reasons that are not the test's. What the deadline does is tested on a fake clock (Deadline/).
/// </summary>
public sealed class DefaultBff(InfrastructureFixture infrastructure) : BffFixture(infrastructure, Relaxed.Settings);

/// <summary>Defaults with a deadline no test on the system clock can hit by accident.</summary>
internal static class Relaxed
{
    public static readonly BffSettings Settings = BffSettings.Default with { DeadlineTotal = TimeSpan.FromSeconds(10) };
}

/// <summary>Every section expires at once (1 ms fresh) and a failed refresh is retried at once: every request calls every downstream, and every copy is there to be served stale.</summary>
public sealed class ExpiringBff(InfrastructureFixture infrastructure) : BffFixture(infrastructure, Relaxed.Settings with
{
    Freshness = Students.AllSections(TimeSpan.FromMilliseconds(1)),
    RetryFailedRefreshAfter = TimeSpan.FromMilliseconds(1),
});

/// <summary>No section is required: even without a profile the page is answered.</summary>
public sealed class NothingRequiredBff(InfrastructureFixture infrastructure) : BffFixture(infrastructure, Relaxed.Settings with { RequiredSections = [] });

/// <summary>Courses is the required section instead of profile.</summary>
public sealed class CoursesRequiredBff(InfrastructureFixture infrastructure) : BffFixture(infrastructure, Relaxed.Settings with { RequiredSections = ["courses"] });

/// <summary>A long deadline (so a burst of 200 requests on two cores is never cut) and legs that take 20 ms, so requests pile up on a cold key.</summary>
public sealed class StampedeBff(InfrastructureFixture infrastructure) : BffFixture(infrastructure, Relaxed.Settings with
{
    Hedging = false,
    Legs = PlatformStubs.All.ToDictionary(service => service, _ => LegBehavior.After(LatencyDistribution.UniformMs(20, 20))),
});

/// <summary>The same, without the cache: the contrast.</summary>
public sealed class UncachedStampedeBff(InfrastructureFixture infrastructure) : BffFixture(infrastructure, Relaxed.Settings with
{
    Cache = false,
    Hedging = false,
    Legs = PlatformStubs.All.ToDictionary(service => service, _ => LegBehavior.After(LatencyDistribution.UniformMs(20, 20))),
});
