using JasperFx;
using JasperFx.Events;
using Marten;

namespace EduPlatform.EventStore.Benchmarks;

/// <summary>Marten's event store, string stream keys, in the given append mode.</summary>
public sealed class MartenStore : IStoreUnderTest
{
    private readonly DocumentStore _store;

    private MartenStore(DocumentStore store, EventAppendMode mode)
    {
        _store = store;
        Mode = mode;
    }

    public EventAppendMode Mode { get; }

    public string Name => $"Marten ({Mode})";


    public static async Task<MartenStore> CreateAsync(string connectionString, EventAppendMode mode)
    {
        var store = DocumentStore.For(options =>
        {
            options.Connection(connectionString);
            options.Events.StreamIdentity = StreamIdentity.AsString;
            options.Events.AppendMode = mode;
            options.Events.AddEventType<LessonProgressed>();
            options.AutoCreateSchemaObjects = AutoCreate.All;
            options.DisableNpgsqlLogging = true;
        });
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        return new MartenStore(store, mode);
    }

    public async Task AppendAsync(string stream, long? versionBefore, IReadOnlyList<object> events)
    {
        await using var session = _store.LightweightSession();
        if (versionBefore is { } version)
        {
            // Marten's expected version is the stream's version AFTER this append.
            session.Events.Append(stream, version + events.Count, [.. events]);
        }
        else
        {
            session.Events.Append(stream, [.. events]);
        }

        await session.SaveChangesAsync();
    }

    public async Task<int> ReadStreamAsync(string stream)
    {
        await using var session = _store.QuerySession();
        return (await session.Events.FetchStreamAsync(stream)).Count;
    }

    public ValueTask DisposeAsync() => _store.DisposeAsync();
}
