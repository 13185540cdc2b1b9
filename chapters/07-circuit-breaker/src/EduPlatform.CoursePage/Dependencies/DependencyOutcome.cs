using System.Text.Json;

namespace EduPlatform.CoursePage.Dependencies;

/// <summary>Why a call to a dependency produced no usable answer; each maps to one HTTP status for our caller.</summary>
public enum DependencyFailureKind
{
    /// <summary>The dependency answered 404. Ours: 404.</summary>
    NotFound,

    /// <summary>The circuit is open: the call was never attempted. Ours: 503 with Retry-After.</summary>
    CircuitOpen,

    /// <summary>The bulkhead was full: the call was never attempted. Ours: 503.</summary>
    BulkheadFull,

    /// <summary>The dependency asked us to come back later (429 or 503 with Retry-After). Ours: 503 with Retry-After.</summary>
    Unavailable,

    /// <summary>An attempt or the whole call ran out of time. Ours: 504.</summary>
    TimedOut,

    /// <summary>Connection failure, an error status, or a body that is not the JSON we expect. Ours: 502.</summary>
    BadGateway,
}

/// <summary>A failed call: which dependency, why, and when trying again might help.</summary>
public sealed record DependencyFailure(string Dependency, DependencyFailureKind Kind, string Detail, TimeSpan? RetryAfter = null);

/// <summary>The answer of one call to a dependency: its JSON body, or why there is none.</summary>
public sealed record DependencyOutcome(JsonElement Body, DependencyFailure? Failure)
{
    public static DependencyOutcome Success(JsonElement body) => new(body, null);

    public static DependencyOutcome Failed(DependencyFailure failure) => new(default, failure);
}
