using EduPlatform.Cqrs.ReadModels;
using EduPlatform.EventStore;
using Npgsql;
using NpgsqlTypes;

namespace EduPlatform.Cqrs.Testing.Workloads;

/// <summary>
/// Fills an empty event store fast, for rebuild runs over a million events: the rows chapter 04's append would write
/// (valid enrollment lives from <see cref="EnrollmentScript"/>, positions 1..n, versions per stream), written with
/// binary COPY instead of one append at a time. Returns the student ids, for queries.
/// </summary>
public static class EventLogSeeder
{
    public static async Task<IReadOnlyList<string>> SeedAsync(NpgsqlDataSource dataSource, EventTypeRegistry types, long events, int seed,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(types);
        var random = new Random(seed);
        var script = new EnrollmentScript("seed", courses: 50, poolSize: 2_000, random);
        var students = new HashSet<string>();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var head = new NpgsqlCommand("SELECT coalesce(max(global_position), 0) FROM eventstore.events", connection))
        {
            if ((long)(await head.ExecuteScalarAsync(cancellationToken))! != 0)
            {
                throw new InvalidOperationException("The seeder writes positions from 1: seed an empty store.");
            }
        }

        await using var writer = await connection.BeginBinaryImportAsync(
            "COPY eventstore.events (global_position, stream_id, stream_version, event_id, event_type, data) FROM STDIN (FORMAT BINARY)", cancellationToken);
        var position = 0L;
        var none = new HashSet<EnrollmentKey>();
        while (position < events)
        {
            var plan = script.Plan(maxEvents: 5, none);
            var version = plan.ExpectedVersion;
            foreach (var data in plan.Events.Take((int)Math.Min(plan.Events.Count, events - position)))
            {
                var (name, json) = types.Serialize(data);
                await writer.StartRowAsync(cancellationToken);
                await writer.WriteAsync(++position, NpgsqlDbType.Bigint, cancellationToken);
                await writer.WriteAsync(plan.Stream.Value, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(++version, NpgsqlDbType.Bigint, cancellationToken);
                await writer.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid, cancellationToken);
                await writer.WriteAsync(name, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(json, NpgsqlDbType.Jsonb, cancellationToken);
            }

            students.Add(plan.Key.StudentId);
            script.Accept(plan);
        }

        await writer.CompleteAsync(cancellationToken);
        return [.. students];
    }
}
