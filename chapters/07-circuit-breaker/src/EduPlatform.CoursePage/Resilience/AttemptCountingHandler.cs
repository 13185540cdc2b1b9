namespace EduPlatform.CoursePage.Resilience;

/// <summary>
/// Sits between the resilience pipeline and the network, so it sees each attempt that really leaves for the
/// dependency: retries counted, calls the breaker or bulkhead rejected not. That number is what the dependency feels.
/// </summary>
public sealed class AttemptCountingHandler(DependencyMonitor monitor) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        monitor.RecordAttempted();
        return base.SendAsync(request, cancellationToken);
    }
}
