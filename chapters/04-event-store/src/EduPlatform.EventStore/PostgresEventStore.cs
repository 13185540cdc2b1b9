using System.Collections.ObjectModel;
using System.Text;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace EduPlatform.EventStore;

/// <summary>
/// The event store: append events to a stream with an optimistic concurrency check, read a stream
/// forwards or backwards, read every event in global order. The rules that must hold under
/// concurrency (one version per event, positions in commit order, idempotent retries) are enforced
/// inside PostgreSQL by <c>eventstore.append_to_stream</c> in Schema.sql; this class validates,
/// serializes, and calls it in one round trip.
/// </summary>
/// <remarks>Thread-safe: share one instance (and one <see cref="NpgsqlDataSource"/>) per database.</remarks>
public sealed class PostgresEventStore(NpgsqlDataSource dataSource, EventTypeRegistry types, EventStoreOptions? options = null)
{
    private const string EventColumns =
        "global_position, stream_id, stream_version, event_id, event_type, data::text, metadata::text, recorded_at";

    private readonly EventStoreOptions _options = options ?? new EventStoreOptions();
    private readonly GroupCommit _groupCommit = new(dataSource, ReadAppendResult);

    public EventTypeRegistry Types => types;

    public EventStoreOptions Options => _options;

    /// <summary>
    /// Appends <paramref name="events"/> to the end of <paramref name="stream"/>, all or nothing, if the
    /// stream is at <paramref name="expected"/> version. A conflict is a result, not an exception:
    /// re-read, decide again, retry. Sending the same events (same ids, same content) again after a lost
    /// acknowledgement returns <see cref="AppendOutcome.AlreadyAppended"/> and writes nothing; stored ids
    /// with other content are <see cref="AppendOutcome.EventIdsReused"/>.
    /// </summary>
    /// <exception cref="EventStoreException">
    /// invalid input (empty batch, duplicate ids, unregistered type, event too large, a NUL character): nothing written.
    /// </exception>
    /// <remarks>
    /// Cancelling after the call started stops the wait, not necessarily the append: as after a lost
    /// connection, its outcome is unknown; retry with the same events to find out.
    /// </remarks>
    public async Task<AppendResult> AppendToStreamAsync(
        StreamId stream, ExpectedVersion expected, IReadOnlyList<NewEvent> events, CancellationToken cancellationToken = default)
    {
        // Everything that can be wrong with the input is found before the database is touched.
        var batch = Serialize(events);

        var command = new NpgsqlBatchCommand(
            "SELECT outcome, stream_version, first_position, last_position " +
            "FROM eventstore.append_to_stream($1, $2, $3, $4, $5, $6)");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stream.Value });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = expected.Value });
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = batch.EventIds });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = batch.EventTypes });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = batch.Data, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = batch.Metadata, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });

        // One round trip; concurrent appends of this process share it (GroupCommit.cs).
        return await _groupCommit.AppendAsync(command, cancellationToken);
    }

    private static AppendResult ReadAppendResult(NpgsqlDataReader reader)
    {
        var outcome = reader.GetString(0);
        var streamVersion = reader.GetInt64(1);
        return outcome switch
        {
            "appended" => AppendResult.Appended(streamVersion, reader.GetInt64(2), reader.GetInt64(3)),
            "already_appended" => AppendResult.AlreadyAppended(streamVersion, reader.GetInt64(2), reader.GetInt64(3)),
            "wrong_expected_version" => AppendResult.WrongExpectedVersion(streamVersion),
            "event_ids_reused" => AppendResult.EventIdsReused(streamVersion),
            _ => throw new InvalidOperationException($"eventstore.append_to_stream answered '{outcome}'; is the schema older than this code?"),
        };
    }

    /// <summary>
    /// Up to <paramref name="maxCount"/> events of one stream, starting at version
    /// <paramref name="fromVersion"/> (inclusive) and going <paramref name="direction"/>.
    /// An unknown stream reads as empty.
    /// </summary>
    public async Task<IReadOnlyList<RecordedEvent>> ReadStreamAsync(
        StreamId stream,
        ReadDirection direction = ReadDirection.Forward,
        long fromVersion = StreamVersion.Start,
        int maxCount = 1_000,
        CancellationToken cancellationToken = default)
    {
        CheckReadCount(maxCount);
        await using var command = dataSource.CreateCommand(direction == ReadDirection.Forward
            ? $"SELECT {EventColumns} FROM eventstore.events WHERE stream_id = $1 AND stream_version >= $2 ORDER BY stream_version LIMIT $3"
            : $"SELECT {EventColumns} FROM eventstore.events WHERE stream_id = $1 AND stream_version <= $2 ORDER BY stream_version DESC LIMIT $3");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stream.Value });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = fromVersion });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = maxCount });
        return await ReadEventsAsync(command, cancellationToken);
    }

    /// <summary>
    /// Up to <paramref name="maxCount"/> events of all streams with a global position greater than
    /// <paramref name="afterPosition"/>, in global order (0 reads from the very first event).
    /// <para>
    /// Safe to use as a checkpointed reader: positions become visible strictly in order, so once this
    /// returned position P, no event at a position below P can appear later.
    /// </para>
    /// </summary>
    public async Task<IReadOnlyList<RecordedEvent>> ReadAllForwardAsync(
        long afterPosition, int maxCount = 1_000, CancellationToken cancellationToken = default)
    {
        CheckReadCount(maxCount);
        await using var command = dataSource.CreateCommand(
            $"SELECT {EventColumns} FROM eventstore.events WHERE global_position > $1 ORDER BY global_position LIMIT $2");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = afterPosition });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = maxCount });
        return await ReadEventsAsync(command, cancellationToken);
    }

    /// <summary>The stream's version: how many events it has (0 when it does not exist).</summary>
    public async Task<long> ReadStreamVersionAsync(StreamId stream, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT coalesce(max(stream_version), 0) FROM eventstore.events WHERE stream_id = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stream.Value });
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The global position of the last committed event (0 when the store is empty).</summary>
    public async Task<long> ReadHeadPositionAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT coalesce(max(global_position), 0) FROM eventstore.events");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private SerializedBatch Serialize(IReadOnlyList<NewEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            throw new InvalidAppendException("An append needs at least one event.");
        }

        if (events.Count > _options.MaxEventsPerAppend)
        {
            throw new InvalidAppendException($"An append takes at most {_options.MaxEventsPerAppend} events; this one has {events.Count}.");
        }

        var batch = new SerializedBatch(events.Count);
        var seen = new HashSet<Guid>();
        for (var i = 0; i < events.Count; i++)
        {
            var newEvent = events[i] ?? throw new InvalidAppendException($"Event {i} of the batch is null.");
            if (newEvent.EventId == Guid.Empty || !seen.Add(newEvent.EventId))
            {
                throw new InvalidAppendException(newEvent.EventId == Guid.Empty
                    ? $"Event {i} of the batch has the empty event id."
                    : $"Event id {newEvent.EventId} appears twice in one batch.");
            }

            var (name, json) = types.Serialize(newEvent.Data);
            var metadata = newEvent.Metadata is { Count: > 0 } ? JsonSerializer.Serialize(newEvent.Metadata) : null;
            if (ContainsNul(json) || (metadata is not null && ContainsNul(metadata)))
            {
                throw new NulCharacterException(newEvent.EventId, ContainsNul(json) ? "data" : "metadata");
            }

            var size = Encoding.UTF8.GetByteCount(json) + (metadata is null ? 0 : Encoding.UTF8.GetByteCount(metadata));
            if (size > _options.MaxEventSizeBytes)
            {
                throw new EventTooLargeException(newEvent.EventId, size, _options.MaxEventSizeBytes);
            }

            batch.EventIds[i] = newEvent.EventId;
            batch.EventTypes[i] = name;
            batch.Data[i] = json;
            batch.Metadata[i] = metadata;
        }

        return batch;
    }

    /// <summary>
    /// Whether serialized JSON holds U+0000 anywhere (a value or a property name). PostgreSQL refuses it in jsonb
    /// (22P05), and checking here keeps a bad event from reaching the database at all. JSON writes the character as the
    /// escape <c>\u0000</c>; the same six characters after an escaped backslash (<c>\\u0000</c>) are text, not a NUL.
    /// </summary>
    private static bool ContainsNul(string json)
    {
        if (json.Contains('\0', StringComparison.Ordinal))
        {
            return true;
        }

        for (var at = json.IndexOf(@"\u0000", StringComparison.Ordinal); at >= 0; at = json.IndexOf(@"\u0000", at + 1, StringComparison.Ordinal))
        {
            var backslashes = 0;
            while (at - backslashes >= 0 && json[at - backslashes] == '\\')
            {
                backslashes++;
            }

            if (backslashes % 2 == 1)
            {
                return true;
            }
        }

        return false;
    }

    private void CheckReadCount(int maxCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxCount, _options.MaxReadCount);
    }

    private async Task<IReadOnlyList<RecordedEvent>> ReadEventsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var events = new List<RecordedEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var (name, data) = types.Deserialize(reader.GetString(4), reader.GetString(5));
            IReadOnlyDictionary<string, string> metadata = reader.IsDBNull(6)
                ? ReadOnlyDictionary<string, string>.Empty
                : JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(6))!;
            events.Add(new RecordedEvent(
                EventId: reader.GetGuid(3),
                StreamId: StreamId.Parse(reader.GetString(1)),
                StreamVersion: reader.GetInt64(2),
                GlobalPosition: reader.GetInt64(0),
                EventType: name,
                Data: data,
                Metadata: metadata,
                RecordedAt: reader.GetFieldValue<DateTimeOffset>(7)));
        }

        return events;
    }

    /// <summary>The batch as the columns of <c>append_to_stream</c>'s array parameters.</summary>
    private sealed class SerializedBatch(int count)
    {
        public Guid[] EventIds { get; } = new Guid[count];

        public string[] EventTypes { get; } = new string[count];

        public string[] Data { get; } = new string[count];

        public string?[] Metadata { get; } = new string?[count];
    }
}
