namespace EduPlatform.CoursePage.Resilience;

/// <summary>
/// Sits between the resilience pipeline and the network, so it sees each attempt that really leaves for the
/// dependency: retries counted, calls the breaker or bulkhead rejected not. That number is what the dependency feels.
/// It also counts the attempts of the one call a request belongs to (<see cref="Attempts"/>), so a call whose retry the
/// breaker refused can be told from a call the breaker refused outright.
/// </summary>
public sealed class AttemptCountingHandler(DependencyMonitor monitor) : DelegatingHandler
{
    /// <summary>Put a <see cref="CallAttempts"/> on a request under this key to learn how many attempts its call made.</summary>
    public static readonly HttpRequestOptionsKey<CallAttempts> Attempts = new("eduplatform.call-attempts");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        monitor.RecordAttempted();
        if (request.Options.TryGetValue(Attempts, out var attempts))
        {
            attempts.Count++;
        }

        return base.SendAsync(request, cancellationToken);
    }
}

/// <summary>How many attempts of one call left for the dependency (retries included).</summary>
public sealed class CallAttempts
{
    public int Count { get; set; }
}
