using EduPlatform.Bff.Dashboard;
using EduPlatform.Bff.Testing;
using EduPlatform.Harness.Infrastructure;
using EduPlatform.Harness.Waiting;
using Microsoft.Extensions.Time.Testing;

namespace EduPlatform.Bff.Tests.Support;

/// <summary>
/// A BFF whose deadline timers, hedging delay and ages run on a <see cref="FakeTimeProvider"/>, as do its stubs'
/// latencies: time moves only when a test moves it, so "the deadline fired" is an event, not a race. Sections expire
/// at once (1 ms fresh, on the cache's own clock), so every request calls every downstream and has a copy to go stale.
/// </summary>
public abstract class FakeClockBffFixture(InfrastructureFixture infrastructure, FakeTimeProvider clock, BffSettings settings)
    : BffFixture(infrastructure, settings with
    {
        Clock = clock,
        Freshness = Students.AllSections(TimeSpan.FromMilliseconds(1)),
        RetryFailedRefreshAfter = TimeSpan.FromMilliseconds(1),
    })
{
    public FakeTimeProvider Clock { get; } = clock;

    /// <summary>Sends a dashboard request without waiting for it, for a test that moves the clock meanwhile.</summary>
    public Task<DashboardReply> StartDashboard(string subject) => System.GetDashboardAsync(Client, subject, null, CurrentTest.Cancellation);

    /// <summary>The same, for a client that leaves when <paramref name="clientLeaves"/> is cancelled.</summary>
    public Task<DashboardReply> StartDashboardLeavingOn(string subject, CancellationToken clientLeaves) =>
        System.GetDashboardAsync(Client, subject, null, clientLeaves);

    /// <summary>
    /// Every stub takes 10 s (of the fake clock); a client asks for the dashboard, waits until all four calls have
    /// reached their stubs, and leaves.
    /// </summary>
    public async Task ClientLeavesWhileEveryLegRunsAsync()
    {
        foreach (var service in System.Services.Values)
        {
            service.Behavior = LegBehavior.After(LatencyDistribution.Fixed(TimeSpan.FromSeconds(10)));
        }

        using var client = new CancellationTokenSource();
        var answer = StartDashboardLeavingOn(Students.New(), client.Token);
        foreach (var service in System.Services.Values)
        {
            await CallsArrivedAsync(service);
        }

        await client.CancelAsync();
        await FluentActions.Awaiting(() => answer).Should().ThrowAsync<OperationCanceledException>();
    }

    /// <summary>
    /// <paramref name="slow"/> takes 10 s (of the fake clock); the dashboard is asked for, and once the slow call has
    /// reached its stub the clock moves by the legs' 290 ms: the deadline fires, and the answer is what the BFF made of it.
    /// </summary>
    public async Task<DashboardReply> AnswerOnceTheDeadlineFiresAsync(DownstreamService slow, string student)
    {
        ArgumentNullException.ThrowIfNull(slow);
        slow.Behavior = LegBehavior.After(LatencyDistribution.Fixed(TimeSpan.FromSeconds(10)));
        var callsBefore = slow.Calls.Count;
        var answer = StartDashboard(student);
        await CallsArrivedAsync(slow, callsBefore + 1);
        Clock.Advance(TimeSpan.FromMilliseconds(290));
        return await answer;
    }

    /// <summary>Waits until <paramref name="service"/> has received <paramref name="count"/> calls.</summary>
    public static Task CallsArrivedAsync(DownstreamService service, int count = 1) =>
        Eventually.HoldsAsync(() => service.Calls.Count >= count, $"{count} call(s) reached {service.Name}");

    /// <summary>Waits until every one of <paramref name="calls"/> has ended (answered or aborted).</summary>
    public static Task CallsEndedAsync(params DownstreamCall[] calls) =>
        Eventually.HoldsAsync(() => calls.All(call => !call.IsRunning), $"{calls.Length} downstream call(s) ended");
}

public sealed class FakeClockBff(InfrastructureFixture infrastructure)
    : FakeClockBffFixture(infrastructure, new FakeTimeProvider(DateTimeOffset.UtcNow), BffSettings.Default with { Hedging = false });

public sealed class SequentialFakeClockBff(InfrastructureFixture infrastructure)
    : FakeClockBffFixture(infrastructure, new FakeTimeProvider(DateTimeOffset.UtcNow), BffSettings.Default with { FanOut = FanOut.Sequential, Cache = false, Hedging = false });

/// <summary>The contrast: no deadline, and legs that are not cancelled when the client leaves.</summary>
public sealed class UncancelledFakeClockBff(InfrastructureFixture infrastructure)
    : FakeClockBffFixture(infrastructure, new FakeTimeProvider(DateTimeOffset.UtcNow), BffSettings.Default with { Deadline = false, CancelLegsWhenClientLeaves = false, Hedging = false });

/// <summary>Hedging on the videos leg, no cache (so every request is a first call that earns hedging budget).</summary>
public sealed class HedgingFakeClockBff(InfrastructureFixture infrastructure)
    : FakeClockBffFixture(infrastructure, new FakeTimeProvider(DateTimeOffset.UtcNow), BffSettings.Default with { Cache = false });

/// <summary>Hedging switched off, otherwise as <see cref="HedgingFakeClockBff"/>.</summary>
public sealed class UnhedgedFakeClockBff(InfrastructureFixture infrastructure)
    : FakeClockBffFixture(infrastructure, new FakeTimeProvider(DateTimeOffset.UtcNow), BffSettings.Default with { Cache = false, Hedging = false });
