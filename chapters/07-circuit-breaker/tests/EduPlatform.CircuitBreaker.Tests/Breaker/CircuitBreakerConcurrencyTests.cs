using EduPlatform.Harness.Waiting;
using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace EduPlatform.CircuitBreaker.Tests.Breaker;

/// <summary>
/// Tries to break the breaker's promises with real threads: many callers released at the same instant against one
/// breaker, repeated many times. The clock stays fake, so only the interleaving is left to chance.
/// </summary>
public sealed class CircuitBreakerConcurrencyTests
{
    private const int Callers = 16;
    private const int Rounds = 25;

    private static readonly CircuitBreakerOptions Small = new()
    {
        FailureRatio = 0.5,
        MinimumThroughput = 4,
        SamplingDuration = TimeSpan.FromSeconds(10),
        BreakDuration = TimeSpan.FromSeconds(5),
    };

    [Fact]
    public async Task Of_many_callers_racing_into_a_half_open_circuit_exactly_one_becomes_the_probe()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var clock = new FakeTimeProvider();
            var breaker = new CircuitBreaker(Small, clock);
            await OpenAsync(breaker);
            clock.Advance(Small.BreakDuration);

            var probeMayFinish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var admitted = 0;
            var outcomes = await RaceAsync(() => breaker.ExecuteAsync(async _ =>
            {
                Interlocked.Increment(ref admitted);
                await probeMayFinish.Task;
            }));

            admitted.Should().Be(1, $"round {round}: half-open admits one probe");
            outcomes.Count(o => o is BrokenCircuitException).Should().Be(Callers - 1, $"round {round}");
            probeMayFinish.SetResult();
            await Task.WhenAll(outcomes.OfType<Task>());
            breaker.State.Should().Be(CircuitState.Closed);
        }
    }

    [Fact]
    public async Task Many_failures_racing_to_open_the_circuit_open_it_exactly_once()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var breaker = new CircuitBreaker(Small, new FakeTimeProvider());
            var opened = 0;
            breaker.StateChanged += (_, change) =>
            {
                if (change.To == CircuitState.Open)
                {
                    Interlocked.Increment(ref opened);
                }
            };

            var outcomes = await RaceAsync(() => breaker.ExecuteAsync(_ => Task.FromException(new DependencyFailedException())));

            opened.Should().Be(1, $"round {round}: one outage, one 'opened' signal");
            outcomes.Should().AllSatisfy(o => o.Should().BeAssignableTo<Exception>());
            breaker.State.Should().Be(CircuitState.Open);
        }
    }

    [Fact]
    public async Task Under_mixed_concurrent_traffic_every_reported_transition_is_a_legal_step_from_the_previous_one()
    {
        const int TransitionsWanted = 40;
        var clock = new FakeTimeProvider();
        var breaker = new CircuitBreaker(Small, clock);
        var changes = new ConcurrentQueue<CircuitStateChange>();
        breaker.StateChanged += (_, change) => changes.Enqueue(change);
        using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        // The callers move the clock themselves, so how far the breaker cycles does not depend on how the two cores
        // happen to schedule a separate clock thread.
        var callers = Enumerable.Range(0, 4).Select(seed => Task.Run(
            async () =>
            {
                var random = new Random(seed);
                while (changes.Count < TransitionsWanted && !giveUp.IsCancellationRequested)
                {
                    if (random.NextDouble() < 0.1)
                    {
                        clock.Advance(TimeSpan.FromSeconds(1));
                        continue;
                    }

                    var fail = random.NextDouble() < 0.6;
                    try
                    {
                        await breaker.ExecuteAsync(async _ =>
                        {
                            await Task.Yield();
                            if (fail)
                            {
                                throw new DependencyFailedException();
                            }
                        });
                    }
                    catch (Exception exception) when (exception is DependencyFailedException or BrokenCircuitException)
                    {
                        // expected: the dependency's failure or the breaker's rejection
                    }
                }
            },
            CurrentTest.Cancellation));
        await Task.WhenAll(callers);

        var path = changes.ToArray();
        path.Should().HaveCountGreaterThanOrEqualTo(TransitionsWanted, "the traffic should have cycled the breaker many times");
        path[0].From.Should().Be(CircuitState.Closed);
        for (var i = 1; i < path.Length; i++)
        {
            path[i].From.Should().Be(path[i - 1].To, $"transition {i} must start where transition {i - 1} ended");
        }

        path.Select(c => (c.From, c.To)).Distinct().Should().BeSubsetOf(
        [
            (CircuitState.Closed, CircuitState.Open),
            (CircuitState.Open, CircuitState.HalfOpen),
            (CircuitState.HalfOpen, CircuitState.Closed),
            (CircuitState.HalfOpen, CircuitState.Open),
        ]);
    }

    private static async Task OpenAsync(CircuitBreaker breaker)
    {
        for (var i = 0; i < Small.MinimumThroughput; i++)
        {
            await breaker.Invoking(b => b.ExecuteAsync(_ => Task.FromException(new DependencyFailedException())))
                .Should().ThrowAsync<DependencyFailedException>();
        }
    }

    // Starts Callers threads that block on one gate, opens the gate, and returns for each caller either the exception
    // its call failed with, or its still-running Task. The breaker decides admission synchronously, so a rejected call
    // (and a call whose operation failed synchronously) is already faulted when the thread hands it back.
    private static async Task<object[]> RaceAsync(Func<Task> call)
    {
        using var gate = new ManualResetEventSlim();
        var started = Enumerable.Range(0, Callers)
            .Select(_ => Task.Factory.StartNew(
                () =>
                {
                    gate.Wait();
                    return call();
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default))
            .ToArray();
        gate.Set();
        var calls = await Task.WhenAll(started);

        return [.. calls.Select(c => c.IsFaulted ? (object)c.Exception!.InnerException! : c)];
    }
}
