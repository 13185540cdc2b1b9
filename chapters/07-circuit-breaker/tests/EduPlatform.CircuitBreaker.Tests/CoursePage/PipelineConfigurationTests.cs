using System.Threading.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Registry;
using Polly.Testing;

namespace EduPlatform.CircuitBreaker.Tests.CoursePage;

/// <summary>
/// The pipelines the demo's HttpClients actually use, read back from Polly's registry with Polly.Testing: the order of
/// the strategies, their settings from configuration, and what each contrast switch removes.
/// </summary>
public sealed class PipelineConfigurationTests
{
    [Fact]
    public async Task By_default_each_dependency_has_bulkhead_total_timeout_retry_breaker_attempt_timeout_in_that_order()
    {
        await using var host = await CoursePageHost.StartAsync();

        foreach (var dependency in new[] { "Video", "Payments" })
        {
            var strategies = Describe(host, dependency).Strategies;

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
    public async Task Settings_come_from_configuration_per_dependency()
    {
        await using var host = await CoursePageHost.StartAsync(new Dictionary<string, string?>
        {
            ["Resilience:Payments:Timeouts:Attempt"] = "00:00:00.750",
            ["Resilience:Payments:Timeouts:Total"] = "00:00:02",
            ["Resilience:Payments:Retry:MaxRetryAttempts"] = "2",
            ["Resilience:Payments:Retry:BaseDelay"] = "00:00:00.200",
            ["Resilience:Payments:Retry:MaxDelay"] = "00:00:00.800",
            ["Resilience:Payments:CircuitBreaker:FailureRatio"] = "0.25",
            ["Resilience:Payments:CircuitBreaker:MinimumThroughput"] = "50",
            ["Resilience:Payments:CircuitBreaker:SamplingDuration"] = "00:00:20",
            ["Resilience:Payments:CircuitBreaker:BreakDuration"] = "00:00:07",
        });

        var payments = Describe(host, "Payments").Strategies;
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

        // The video pipeline kept its own settings (the fixture's fast defaults for tests, otherwise the demo's).
        var video = Describe(host, "Video").Strategies;
        Options<HttpRetryStrategyOptions>(video, "Retry").MaxRetryAttempts.Should().Be(3);
        Options<HttpCircuitBreakerStrategyOptions>(video, "CircuitBreaker").FailureRatio.Should().Be(0.5);
    }

    [Fact]
    public async Task Every_mechanism_can_be_switched_off_for_a_contrast_run()
    {
        await using var host = await CoursePageHost.StartAsync(new Dictionary<string, string?>
        {
            ["Resilience:Payments:Timeouts:Enabled"] = "false",
            ["Resilience:Payments:Retry:Mode"] = "None",
            ["Resilience:Payments:CircuitBreaker:Enabled"] = "false",
            ["Resilience:Payments:Bulkhead:Enabled"] = "false",
            ["Resilience:Video:Retry:Mode"] = "Naive",
            ["Resilience:Video:Bulkhead:Enabled"] = "false",
        });

        Describe(host, "Payments").Strategies.Should().BeEmpty();

        var video = Describe(host, "Video").Strategies;
        video.Select(s => s.Options?.Name).Should().Equal("TotalTimeout", "Retry", "CircuitBreaker", "AttemptTimeout");
        var naive = Options<HttpRetryStrategyOptions>(video, "Retry");
        naive.Delay.Should().Be(TimeSpan.Zero);
        naive.BackoffType.Should().Be(DelayBackoffType.Constant);
        naive.UseJitter.Should().BeFalse();
        naive.ShouldRetryAfterHeader.Should().BeFalse();
    }

    [Fact]
    public async Task The_bulkhead_is_a_concurrency_limiter_of_the_configured_size()
    {
        await using var host = await CoursePageHost.StartAsync(new Dictionary<string, string?>
        {
            ["Resilience:Video:Bulkhead:PermitLimit"] = "3",
            ["Resilience:Video:Bulkhead:QueueLimit"] = "1",
        });
        var bulkhead = Options<HttpRateLimiterStrategyOptions>(Describe(host, "Video").Strategies, "Bulkhead");
        var context = ResilienceContextPool.Shared.Get(TestContext.Current.CancellationToken);
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

    [Theory]
    [InlineData("Resilience:Video:Timeouts:Total", "00:00:00.100", "Resilience:Video:Timeouts:Total")]
    [InlineData("Resilience:Payments:CircuitBreaker:FailureRatio", "1.5", "Resilience:Payments:CircuitBreaker:FailureRatio")]
    [InlineData("Resilience:Video:CircuitBreaker:MinimumThroughput", "1", "Resilience:Video:CircuitBreaker:MinimumThroughput")]
    [InlineData("Resilience:Video:Bulkhead:PermitLimit", "0", "Resilience:Video:Bulkhead:PermitLimit")]
    [InlineData("Resilience:Video:Retry:MaxRetryAttempts", "0", "Resilience:Video:Retry:MaxRetryAttempts")]
    [InlineData("Resilience:Video:Retry:Mode", "Sometimes", "Resilience:Video:Retry:Mode")]
    [InlineData("Dependencies:Payments:BaseUrl", "not a url", "Dependencies:Payments:BaseUrl")]
    public async Task A_setting_out_of_range_stops_the_service_at_startup_naming_the_key(string key, string value, string named)
    {
        var start = () => CoursePageHost.StartAsync(new Dictionary<string, string?> { [key] = value });

        (await start.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain(named);
    }

    private static ResiliencePipelineDescriptor Describe(CoursePageHost host, string dependency) =>
        host.Services.GetRequiredService<ResiliencePipelineProvider<string>>().GetPipeline<HttpResponseMessage>(dependency).GetPipelineDescriptor();

    private static T Options<T>(IReadOnlyList<ResilienceStrategyDescriptor> strategies, string name) =>
        strategies.Single(s => s.Options?.Name == name).Options.Should().BeOfType<T>().Subject;
}
