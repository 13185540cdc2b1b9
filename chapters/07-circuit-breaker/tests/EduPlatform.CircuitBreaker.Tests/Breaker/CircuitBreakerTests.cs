using EduPlatform.Harness.Waiting;
using Microsoft.Extensions.Time.Testing;

namespace EduPlatform.CircuitBreaker.Tests.Breaker;

/// <summary>
/// What the workbook breaker promises beyond the shared spec: its defaults, its events, what its exceptions carry,
/// and how it classifies outcomes. All on a <see cref="FakeTimeProvider"/>: no test waits on a real clock.
/// </summary>
public sealed class CircuitBreakerTests
{
    private static readonly CircuitBreakerOptions Small = new()
    {
        FailureRatio = 0.5,
        MinimumThroughput = 4,
        SamplingDuration = TimeSpan.FromSeconds(10),
        BreakDuration = TimeSpan.FromSeconds(5),
    };

    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void Defaults_are_Pollys_defaults()
    {
        var ours = new CircuitBreakerOptions();
        var polly = new Polly.CircuitBreaker.CircuitBreakerStrategyOptions();

        ours.FailureRatio.Should().Be(polly.FailureRatio).And.Be(0.1);
        ours.MinimumThroughput.Should().Be(polly.MinimumThroughput).And.Be(100);
        ours.SamplingDuration.Should().Be(polly.SamplingDuration).And.Be(TimeSpan.FromSeconds(30));
        ours.BreakDuration.Should().Be(polly.BreakDuration).And.Be(TimeSpan.FromSeconds(5));
        ours.ShouldHandle(new InvalidOperationException()).Should().BeTrue();
        ours.ShouldHandle(new TaskCanceledException()).Should().BeFalse("cancellation is the caller giving up, not the dependency failing");
    }

    [Fact]
    public async Task Every_transition_is_reported_in_order_with_its_time_and_cause()
    {
        var breaker = new CircuitBreaker(Small, _clock);
        var changes = new List<CircuitStateChange>();
        breaker.StateChanged += (_, change) => changes.Add(change);
        var start = _clock.GetUtcNow();

        await FailAsync(breaker, times: 3);
        var breaking = new DependencyFailedException();
        await FailAsync(breaker, breaking);
        _clock.Advance(TimeSpan.FromSeconds(5));
        await breaker.ExecuteAsync(_ => Task.CompletedTask, CurrentTest.Cancellation);
        breaker.Isolate();
        breaker.Close();

        changes.Should().Equal(
            new CircuitStateChange(CircuitState.Closed, CircuitState.Open, start, IsManual: false, breaking),
            new CircuitStateChange(CircuitState.Open, CircuitState.HalfOpen, start.AddSeconds(5), IsManual: false, null),
            new CircuitStateChange(CircuitState.HalfOpen, CircuitState.Closed, start.AddSeconds(5), IsManual: false, null),
            new CircuitStateChange(CircuitState.Closed, CircuitState.Isolated, start.AddSeconds(5), IsManual: true, null),
            new CircuitStateChange(CircuitState.Isolated, CircuitState.Closed, start.AddSeconds(5), IsManual: true, null));
    }

    [Fact]
    public void Closing_a_closed_circuit_raises_no_event()
    {
        var breaker = new CircuitBreaker(Small, _clock);
        var raised = 0;
        breaker.StateChanged += (_, _) => raised++;

        breaker.Close();

        raised.Should().Be(0);
    }

    [Fact]
    public async Task A_rejected_call_never_runs_and_says_when_to_come_back()
    {
        var breaker = new CircuitBreaker(Small, _clock);
        var breaking = new DependencyFailedException();
        await FailAsync(breaker, times: 3);
        await FailAsync(breaker, breaking);
        _clock.Advance(TimeSpan.FromSeconds(2));
        var ran = false;

        var rejection = await breaker.Invoking(b => b.ExecuteAsync(_ => { ran = true; return Task.CompletedTask; }))
            .Should().ThrowExactlyAsync<BrokenCircuitException>();

        ran.Should().BeFalse();
        rejection.Which.RetryAfter.Should().Be(TimeSpan.FromSeconds(3));
        rejection.Which.InnerException.Should().BeSameAs(breaking, "operators want to see what broke the circuit");
    }

    [Fact]
    public async Task An_isolated_circuit_rejects_with_its_own_exception_which_is_also_a_broken_circuit()
    {
        var breaker = new CircuitBreaker(Small, _clock);
        breaker.Isolate();

        var rejection = await breaker.Invoking(b => b.ExecuteAsync(_ => Task.CompletedTask))
            .Should().ThrowExactlyAsync<IsolatedCircuitException>();

        rejection.Which.Should().BeAssignableTo<BrokenCircuitException>();
    }

    [Fact]
    public async Task The_dependencys_exception_reaches_the_caller_unchanged()
    {
        var breaker = new CircuitBreaker(Small, _clock);
        var failure = new DependencyFailedException();

        var thrown = await breaker.Invoking(b => b.ExecuteAsync(_ => Task.FromException(failure)))
            .Should().ThrowAsync<DependencyFailedException>();

        thrown.Which.Should().BeSameAs(failure);
    }

    [Fact]
    public async Task A_result_can_count_as_a_failure_and_is_still_returned()
    {
        var breaker = new CircuitBreaker(Small, _clock);
        var results = new List<int>();

        for (var i = 0; i < 4; i++)
        {
            results.Add(await breaker.ExecuteAsync(_ => Task.FromResult(503), isFailure: status => status >= 500, CurrentTest.Cancellation));
        }

        results.Should().AllBeEquivalentTo(503, "the breaker judges results, it does not swallow them");
        breaker.State.Should().Be(CircuitState.Open);
    }

    [Fact]
    public async Task Exceptions_outside_ShouldHandle_count_as_answers_and_still_reach_the_caller()
    {
        var onlyTimeouts = new CircuitBreakerOptions
        {
            FailureRatio = 0.5,
            MinimumThroughput = 4,
            SamplingDuration = TimeSpan.FromSeconds(10),
            BreakDuration = TimeSpan.FromSeconds(5),
            ShouldHandle = static exception => exception is TimeoutException,
        };
        var breaker = new CircuitBreaker(onlyTimeouts, _clock);

        for (var i = 0; i < 10; i++)
        {
            await breaker.Invoking(b => b.ExecuteAsync(_ => Task.FromException(new ArgumentException("bad request"))))
                .Should().ThrowAsync<ArgumentException>();
        }

        breaker.State.Should().Be(CircuitState.Closed, "a 4xx-style error means the dependency is up and answering");

        // ten answers in the window: it now takes ten timeouts to reach a 50 % failure ratio
        for (var i = 0; i < 9; i++)
        {
            await breaker.Invoking(b => b.ExecuteAsync(_ => Task.FromException(new TimeoutException())))
                .Should().ThrowAsync<TimeoutException>();
        }

        breaker.State.Should().Be(CircuitState.Closed);
        await breaker.Invoking(b => b.ExecuteAsync(_ => Task.FromException(new TimeoutException())))
            .Should().ThrowAsync<TimeoutException>();
        breaker.State.Should().Be(CircuitState.Open);
    }

    public static TheoryData<string, CircuitBreakerOptions> OutOfRange => new()
    {
        { "FailureRatio", new CircuitBreakerOptions { FailureRatio = -0.01 } },
        { "FailureRatio", new CircuitBreakerOptions { FailureRatio = 1.01 } },
        { "FailureRatio", new CircuitBreakerOptions { FailureRatio = double.NaN } },
        { "MinimumThroughput", new CircuitBreakerOptions { MinimumThroughput = 1 } },
        { "SamplingDuration", new CircuitBreakerOptions { SamplingDuration = TimeSpan.FromMilliseconds(499) } },
        { "SamplingDuration", new CircuitBreakerOptions { SamplingDuration = TimeSpan.FromDays(1.5) } },
        { "BreakDuration", new CircuitBreakerOptions { BreakDuration = TimeSpan.Zero } },
        { "BreakDuration", new CircuitBreakerOptions { BreakDuration = TimeSpan.FromDays(2) } },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void Options_out_of_range_are_refused_by_name(string option, CircuitBreakerOptions options)
    {
        var create = () => new CircuitBreaker(options, _clock);

        create.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(option);
    }

    [Fact]
    public void Boundary_values_are_accepted()
    {
        var create = () => new CircuitBreaker(
            new CircuitBreakerOptions
            {
                FailureRatio = 1,
                MinimumThroughput = 2,
                SamplingDuration = CircuitBreakerOptions.MinimumDuration,
                BreakDuration = CircuitBreakerOptions.MaximumDuration,
            },
            _clock);

        create.Should().NotThrow();
    }

    private static async Task FailAsync(CircuitBreaker breaker, int times)
    {
        for (var i = 0; i < times; i++)
        {
            await FailAsync(breaker, new DependencyFailedException());
        }
    }

    private static async Task FailAsync(CircuitBreaker breaker, Exception failure)
    {
        var act = () => breaker.ExecuteAsync(_ => Task.FromException(failure));
        await act.Should().ThrowAsync<Exception>();
    }
}
