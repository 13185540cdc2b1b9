namespace EduPlatform.CoursePage.Hosting;

/// <summary>The <c>type</c> URIs of this service's RFC 9457 problem details, one per kind of failure a client can act on.</summary>
public static class ProblemTypes
{
    private const string Base = "https://eduplatform.example/problems/";

    public const string Validation = Base + "validation";
    public const string NotFound = Base + "not-found";
    public const string CircuitOpen = Base + "circuit-open";
    public const string BulkheadFull = Base + "bulkhead-full";
    public const string DependencyUnavailable = Base + "dependency-unavailable";
    public const string DependencyTimeout = Base + "dependency-timeout";
    public const string BadGateway = Base + "bad-gateway";
    public const string ServerBusy = Base + "server-busy";
}
