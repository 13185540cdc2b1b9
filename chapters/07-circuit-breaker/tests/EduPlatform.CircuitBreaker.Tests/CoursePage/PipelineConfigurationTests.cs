using System.Threading.RateLimiting;
using EduPlatform.CoursePage.Resilience;
using EduPlatform.CoursePage.Testing;
using EduPlatform.Harness.Waiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Registry;
using Polly.Testing;

namespace EduPlatform.CircuitBreaker.Tests.CoursePage;

/// <summary>
/// The pipelines the demo's HttpClients actually use, read back from Polly's registry with Polly.Testing: the order of
/// the strategies, their settings from configuration, what each contrast switch removes, and which breaker sits in them.
/// </summary>
public sealed class PipelineConfigurationTests
{
    [Fact]
    public async Task By_default_each_dependency_has_bulkhead_total_timeout_retry_breaker_attempt_timeout_in_that_order()
    {
        await using var system = await CoursePageSystem.StartAsync(CoursePageSettings.Spec, CurrentTest.Cancellation);

        foreach (var dependency in new[] { "Video", "Payments" })
        {
            var strategies = Describe(system, dependency).Strategies;

            strategies.Select(s => s.Options?.Name).Should().Equal("Bulkhead", "TotalTimeout", "Retry", "CircuitBreaker", "AttemptTimeout");
            strategies.Select(s => s.Options!.GetType()).Should().Equal(
                typeof(HttpRateLimiterStrategyOptions),
                typeof(HttpTimeoutStrategyOptions),
                typeof(HttpRetryStrategyOptions),
                typeof(HttpCircuitBreakerStrategyOptions),
                typeof(HttpTimeoutStrategyOptions));
        }
    }

    [Fact]
    public async Task The_workbook_breaker_takes_the_breakers_place_with_the_same_thresholds_and_the_same_idea_of_a_failure()
    {
        await using var system = await CoursePageSystem.StartAsync(
            CoursePageSettings.Spec.WithBreaker(CircuitBreakerImplementation.Workbook).WithPayments(payments =>
            {
                payments.CircuitBreaker.FailureRatio = 0.25;
                payments.CircuitBreaker.MinimumThroughput = 50;
                payments.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(20);
                payments.CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(7);
            }),
            CurrentTest.Cancellation);

        foreach (var dependency in new[] { "Video", "Payments" })
        {
            var strategies = Describe(system, dependency).Strategies;
            strategies.Select(s => s.Options?.Name).Should().Equal("Bulkhead", "TotalTimeout", "Retry", "CircuitBreaker", "AttemptTimeout");
            strategies.Select(s => s.Options!.GetType()).Should().Contain(typeof(WorkbookCircuitBreakerStrategyOptions))
                .And.NotContain(typeof(HttpCircuitBreakerStrategyOptions));
        }

        var breaker = Options<WorkbookCircuitBreakerStrategyOptions>(Describe(system, "Payments").Strategies, "CircuitBreaker");
        breaker.FailureRatio.Should().Be(0.25);
        breaker.MinimumThroughput.Should().Be(50);
        breaker.SamplingDuration.Should().Be(TimeSpan.FromSeconds(20));
        breaker.BreakDuration.Should().Be(TimeSpan.FromSeconds(7));

        // What counts as a failure is Polly's HTTP breaker's own predicate, answer for answer.
        var polly = new HttpCircuitBreakerStrategyOptions().ShouldHandle;
        var context = ResilienceContextPool.Shared.Get(CurrentTest.Cancellation);
        try
        {
            foreach (var outcome in new[]
            {
                Outcome.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK)),
                Outcome.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.NotFound)),
                Outcome.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.TooManyRequests)),
                Outcome.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.InternalServerError)),
                Outcome.FromException<HttpResponseMessage>(new HttpRequestException("refused")),
                Outcome.FromException<HttpResponseMessage>(new OperationCanceledException()),
            })
            {
                (await breaker.ShouldHandle(new(context, outcome))).Should().Be(await polly(new(context, outcome)), $"for {outcome}");
            }
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        var report = await system.DiagnosticsAsync(CurrentTest.Cancellation);
        report.Dependencies["payments"].Settings.CircuitBreaker.Implementation.Should().Be(CircuitBreakerImplementation.Workbook);
        report.Dependencies["payments"].Circuit.State.Should().Be("Closed");
    }

    [Fact]
    public async Task Settings_come_from_configuration_per_dependency()
    {
        await using var system = await CoursePageSystem.StartAsync(
            CoursePageSettings.Spec.WithPayments(payments =>
            {
                payments.Timeouts.Attempt = TimeSpan.FromMilliseconds(750);
                payments.Timeouts.Total = TimeSpan.FromSeconds(2);
                payments.Retry.MaxRetryAttempts = 2;
                payments.Retry.BaseDelay = TimeSpan.FromMilliseconds(200);
                payments.Retry.MaxDelay = TimeSpan.FromMilliseconds(800);
                payments.CircuitBreaker.FailureRatio = 0.25;
                payments.CircuitBreaker.MinimumThroughput = 50;
                payments.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(20);
                payments.CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(7);
            }),
            CurrentTest.Cancellation);

        var payments = Describe(system, "Payments").Strategies;
        Options<HttpTimeoutStrategyOptions>(payments, "TotalTimeout").Timeout.Should().Be(TimeSpan.FromSeconds(2));
        Options<HttpTimeoutStrategyOptions>(payments, "AttemptTimeout").Timeout.Should().Be(TimeSpan.FromMilliseconds(750));
        var retry = Options<HttpRetryStrategyOptions>(payments, "Retry");
        retry.MaxRetryAttempts.Should().Be(2);
        retry.BackoffType.Should().Be(DelayBackoffType.Exponential);
        retry.UseJitter.Should().BeTrue();
        retry.Delay.Should().Be(TimeSpan.FromMilliseconds(200));
        retry.MaxDelay.Should().Be(TimeSpan.FromMilliseconds(800));
        retry.ShouldRetryAfterHeader.Should().BeTrue();
        var breaker = Options<HttpCircuitBreakerStrategyOptions>(payments, "CircuitBreaker");
        breaker.FailureRatio.Should().Be(0.25);
        breaker.MinimumThroughput.Should().Be(50);
        breaker.SamplingDuration.Should().Be(TimeSpan.FromSeconds(20));
        breaker.BreakDuration.Should().Be(TimeSpan.FromSeconds(7));

        // The video pipeline kept its own settings (the spec's small numbers for tests, otherwise the demo's).
        var video = Describe(system, "Video").Strategies;
        Options<HttpRetryStrategyOptions>(video, "Retry").MaxRetryAttempts.Should().Be(3);
        Options<HttpCircuitBreakerStrategyOptions>(video, "CircuitBreaker").FailureRatio.Should().Be(0.5);
    }

    [Fact]
    public async Task Every_mechanism_can_be_switched_off_for_a_contrast_run()
    {
        await using var system = await CoursePageSystem.StartAsync(
            CoursePageSettings.Spec
                .WithPayments(payments =>
                {
                    payments.Timeouts.Enabled = false;
                    payments.Retry.Mode = RetryMode.None;
                    payments.CircuitBreaker.Enabled = false;
                    payments.Bulkhead.Enabled = false;
                })
                .WithVideo(video =>
                {
                    video.Retry.Mode = RetryMode.Naive;
                    video.Retry.BaseDelay = TimeSpan.FromMilliseconds(100);
                    video.Retry.MaxDelay = TimeSpan.FromSeconds(1);
                    video.Bulkhead.Enabled = false;
                }),
            CurrentTest.Cancellation);

        Describe(system, "Payments").Strategies.Should().BeEmpty();

        var video = Describe(system, "Video").Strategies;
        video.Select(s => s.Options?.Name).Should().Equal("TotalTimeout", "Retry", "CircuitBreaker", "AttemptTimeout");
        var naive = Options<HttpRetryStrategyOptions>(video, "Retry");
        naive.Delay.Should().Be(TimeSpan.Zero, "naive retries ignore the configured backoff");
        naive.BackoffType.Should().Be(DelayBackoffType.Constant);
        naive.UseJitter.Should().BeFalse();
        naive.ShouldRetryAfterHeader.Should().BeFalse();
    }

    [Fact]
    public async Task The_bulkhead_is_a_concurrency_limiter_of_the_configured_size()
    {
        await using var system = await CoursePageSystem.StartAsync(
            CoursePageSettings.Spec.WithVideo(video =>
            {
                video.Bulkhead.PermitLimit = 3;
                video.Bulkhead.QueueLimit = 1;
            }),
            CurrentTest.Cancellation);
        var bulkhead = Options<HttpRateLimiterStrategyOptions>(Describe(system, "Video").Strategies, "Bulkhead");
        var context = ResilienceContextPool.Shared.Get(CurrentTest.Cancellation);
        var leases = new List<RateLimitLease>();

        try
        {
            for (var i = 0; i < 3; i++)
            {
                leases.Add(await bulkhead.RateLimiter!(new(context)));
            }

            leases.Should().OnlyContain(lease => lease.IsAcquired);
            var queued = bulkhead.RateLimiter!(new(context)).AsTask();
            var overflow = await bulkhead.RateLimiter!(new(context));
            overflow.IsAcquired.Should().BeFalse("three permits and one queue slot are taken");
            queued.IsCompleted.Should().BeFalse("the fourth call waits in the queue");
            leases[0].Dispose();
            (await queued).IsAcquired.Should().BeTrue("a released permit goes to the queued call");
            leases.Add(await queued);
        }
        finally
        {
            leases.ForEach(lease => lease.Dispose());
            ResilienceContextPool.Shared.Return(context);
        }
    }

    public static TheoryData<string> SettingsOutOfRange => [.. OutOfRange.Keys];

    // Each case: a setting out of its range, and the key the refusal must name. Keys come from the settings' own paths.
    private static readonly Dictionary<string, (Func<CoursePageSettings, CoursePageSettings> Change, string Named)> OutOfRange = new()
    {
        ["total timeout under the attempt timeout"] = (
            s => s.WithVideo(video => video.Timeouts.Total = TimeSpan.FromMilliseconds(100)),
            CoursePageConfiguration.KeyOf(s => s.Video.Timeouts.Total)),
        ["failure ratio above 1"] = (
            s => s.WithPayments(payments => payments.CircuitBreaker.FailureRatio = 1.5),
            CoursePageConfiguration.KeyOf(s => s.Payments.CircuitBreaker.FailureRatio)),
        ["minimum throughput of 1"] = (
            s => s.WithVideo(video => video.CircuitBreaker.MinimumThroughput = 1),
            CoursePageConfiguration.KeyOf(s => s.Video.CircuitBreaker.MinimumThroughput)),
        ["no bulkhead permits"] = (
            s => s.WithVideo(video => video.Bulkhead.PermitLimit = 0),
            CoursePageConfiguration.KeyOf(s => s.Video.Bulkhead.PermitLimit)),
        ["no retries in a retry mode"] = (
            s => s.WithVideo(video => video.Retry.MaxRetryAttempts = 0),
            CoursePageConfiguration.KeyOf(s => s.Video.Retry.MaxRetryAttempts)),
        ["a retry mode that does not exist"] = (
            s => s with { Unparsed = new Dictionary<string, string?> { [CoursePageConfiguration.KeyOf(s => s.Video.Retry.Mode)] = "Sometimes" } },
            CoursePageConfiguration.KeyOf(s => s.Video.Retry.Mode)),
        ["a base URL that is no URL"] = (
            s => s with { Unparsed = new Dictionary<string, string?> { [CoursePageConfiguration.KeyOf(s => s.PaymentsEndpoint.BaseUrl)] = "not a url" } },
            CoursePageConfiguration.KeyOf(s => s.PaymentsEndpoint.BaseUrl)),
    };

    [Theory]
    [MemberData(nameof(SettingsOutOfRange))]
    public async Task A_setting_out_of_range_stops_the_service_at_startup_naming_the_key(string setting)
    {
        var (change, named) = OutOfRange[setting];
        var start = () => CoursePageSystem.StartAsync(change(CoursePageSettings.Spec), CurrentTest.Cancellation);

        (await start.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain(named);
    }

    private static ResiliencePipelineDescriptor Describe(CoursePageSystem system, string dependency) =>
        system.Services.GetRequiredService<ResiliencePipelineProvider<string>>().GetPipeline<HttpResponseMessage>(dependency).GetPipelineDescriptor();

    private static T Options<T>(IReadOnlyList<ResilienceStrategyDescriptor> strategies, string name) =>
        strategies.Single(s => s.Options?.Name == name).Options.Should().BeOfType<T>().Subject;
}
