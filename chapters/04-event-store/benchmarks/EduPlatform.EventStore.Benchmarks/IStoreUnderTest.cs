namespace EduPlatform.EventStore.Benchmarks;

/// <summary>One event store as the benchmark drives it. Every call must succeed or throw.</summary>
public interface IStoreUnderTest : IAsyncDisposable
{
    string Name { get; }

    /// <summary>Appends <paramref name="events"/>; <paramref name="versionBefore"/> null = no concurrency check.</summary>
    Task AppendAsync(string stream, long? versionBefore, IReadOnlyList<object> events);

    /// <summary>Reads a whole stream; returns how many events were read.</summary>
    Task<int> ReadStreamAsync(string stream);
}
