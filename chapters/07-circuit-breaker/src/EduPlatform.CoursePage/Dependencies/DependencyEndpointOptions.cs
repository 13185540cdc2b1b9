namespace EduPlatform.CoursePage.Dependencies;

/// <summary>Where a dependency lives and how its connections are pooled: <c>Dependencies:&lt;Dependency&gt;</c>.</summary>
public sealed class DependencyEndpointOptions
{
    /// <summary>The configuration section every dependency's endpoint is bound under.</summary>
    public const string Section = "Dependencies";

    /// <summary>The section of one dependency's endpoint: <c>Dependencies:Video</c>.</summary>
    public static string SectionFor(string dependency) => $"{Section}:{dependency}";

    /// <summary>Base URL of the dependency, e.g. <c>http://127.0.0.1:5101/</c>. Required.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>
    /// Open connections allowed to the dependency. Default: unlimited, as in .NET. A limit turns excess calls into
    /// a queue inside the HttpClient: a resource every caller of that dependency shares.
    /// </summary>
    public int MaxConnectionsPerServer { get; set; } = int.MaxValue;

    /// <summary>HttpClient's own last-resort timeout, outside every resilience strategy. Default: 100 s, as in .NET.</summary>
    public TimeSpan HttpClientTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Largest response body read from the dependency. Default: 256 KiB.</summary>
    public int MaxResponseBytes { get; set; } = 256 * 1024;
}
