namespace EduPlatform.CoursePage.FakeDependencies;

/// <summary>How badly one fake dependency behaves right now. Changed at run time with <c>PUT /faults/{dependency}</c>.</summary>
/// <param name="LatencyMs">Added to every answer, 0 to 60000.</param>
/// <param name="FailureRate">Share of requests answered with <paramref name="FailureStatus"/>, 0 to 1.</param>
/// <param name="FailureStatus">Status of a failed answer, 400 to 599. Default 503.</param>
/// <param name="RetryAfterSeconds">When set, failed answers carry <c>Retry-After</c> with it, 1 to 3600.</param>
public sealed record Faults(int LatencyMs = 0, double FailureRate = 0, int FailureStatus = 503, int? RetryAfterSeconds = null)
{
    public IEnumerable<string> Problems()
    {
        if (LatencyMs is < 0 or > 60_000)
        {
            yield return "latencyMs must be 0 to 60000";
        }

        if (double.IsNaN(FailureRate) || FailureRate is < 0 or > 1)
        {
            yield return "failureRate must be 0 to 1";
        }

        if (FailureStatus is < 400 or > 599)
        {
            yield return "failureStatus must be 400 to 599";
        }

        if (RetryAfterSeconds is < 1 or > 3600)
        {
            yield return "retryAfterSeconds must be 1 to 3600";
        }
    }
}

/// <summary>The current <see cref="Faults"/> of each fake dependency and how many requests reached it.</summary>
public sealed class FaultBoard
{
    public static readonly string[] Dependencies = ["video", "payments"];

    private readonly Dictionary<string, Faults> _faults = Dependencies.ToDictionary(d => d, _ => new Faults());
    private readonly Dictionary<string, long> _served = Dependencies.ToDictionary(d => d, _ => 0L);
    private readonly Lock _gate = new();

    public Faults Get(string dependency)
    {
        lock (_gate)
        {
            return _faults[dependency];
        }
    }

    public void Set(string dependency, Faults faults)
    {
        lock (_gate)
        {
            _faults[dependency] = faults;
        }
    }

    public void CountRequest(string dependency)
    {
        lock (_gate)
        {
            _served[dependency]++;
        }
    }

    public object Snapshot()
    {
        lock (_gate)
        {
            return Dependencies.ToDictionary(d => d, d => new { faults = _faults[d], requests = _served[d] });
        }
    }
}
