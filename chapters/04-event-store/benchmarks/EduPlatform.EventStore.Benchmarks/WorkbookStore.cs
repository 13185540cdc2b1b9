using Npgsql;

namespace EduPlatform.EventStore.Benchmarks;

/// <summary>This chapter's <see cref="PostgresEventStore"/>.</summary>
public sealed class WorkbookStore : IStoreUnderTest
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresEventStore _store;

    private WorkbookStore(NpgsqlDataSource dataSource)
    {
        _dataSource = dataSource;
        _store = new PostgresEventStore(dataSource, new EventTypeRegistry().Register<LessonProgressed>("lesson-progressed"));
    }

    public string Name => "workbook";

    public static async Task<WorkbookStore> CreateAsync(string connectionString)
    {
        var dataSource = NpgsqlDataSource.Create(connectionString);
        await EventStoreSchema.CreateAsync(dataSource);
        return new WorkbookStore(dataSource);
    }

    public async Task AppendAsync(string stream, long? versionBefore, IReadOnlyList<object> events)
    {
        var result = await _store.AppendToStreamAsync(
            StreamId.Parse(stream),
            versionBefore is { } version ? ExpectedVersion.Exactly(version) : ExpectedVersion.Any,
            [.. events.Select(e => NewEvent.Create(e))]);
        if (result.Outcome != AppendOutcome.Appended)
        {
            throw new InvalidOperationException($"Append to {stream} ended {result.Outcome}.");
        }
    }

    public async Task<int> ReadStreamAsync(string stream)
    {
        var count = 0;
        var from = StreamVersion.Start;
        while (await _store.ReadStreamAsync(StreamId.Parse(stream), ReadDirection.Forward, from, 10_000) is { Count: > 0 } page)
        {
            count += page.Count;
            from = page[^1].StreamVersion + 1;
        }

        return count;
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
