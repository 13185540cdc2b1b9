using EduPlatform.Cqrs.Projections;
using EduPlatform.Cqrs.ReadModels;
using Npgsql;
using StackExchange.Redis;

namespace EduPlatform.Cqrs.Testing.Verification;

/// <summary>
/// Every read model against the from-scratch fold of the event log (<see cref="EventLogFold"/>): every PostgreSQL
/// generation that is not dropped (progress, roster, leaderboard, row by row), the Redis leaderboard, each
/// checkpoint (at the head; applied + parked = position, so no event was applied twice or skipped), the dead letters
/// (exactly the poison events), and PostgreSQL's leaderboard against Redis's, key by key. Call it once the
/// projections have caught up (<see cref="CqrsSystem.WaitUntilCaughtUpAsync"/>).
/// </summary>
public static class ReadModelVerifier
{
    public static async Task<Verification> VerifyAsync(CqrsSystem system, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(system);
        var fold = await EventLogFold.FoldAsync(system.Store, cancellationToken: cancellationToken);
        var violations = new List<string>();
        var expectedBoard = fold.Enrollments.Values.Where(e => !e.Dropped).ToDictionary(e => e.Key, e => e.Points);
        var figures = new Dictionary<string, double>
        {
            ["events"] = fold.Events,
            ["enrollments"] = fold.Enrollments.Count,
            ["poison events"] = fold.Poison.Count,
        };

        Dictionary<EnrollmentKey, int>? activeBoard = null;
        var generations = (await system.Generations.ListAsync(cancellationToken)).Where(g => g.Status != GenerationStatus.Dropped).ToArray();
        foreach (var generation in generations)
        {
            var schema = GenerationNames.Schema(generation.Version);
            var before = violations.Count;
            var progress = await ReadProgressAsync(system.DataSource, schema, cancellationToken);
            Compare(violations, $"{schema}.student_progress", fold.Enrollments.Values.ToDictionary(e => e.Key), progress);
            var roster = await ReadPairsAsync(system.DataSource, $"SELECT course_id, student_id, student_name FROM {schema}.course_roster", cancellationToken);
            Compare(violations, $"{schema}.course_roster",
                fold.Enrollments.Values.Where(e => !e.Dropped).ToDictionary(e => e.Key, e => e.StudentName), roster);
            var board = (await ReadPairsAsync(system.DataSource, $"SELECT course_id, student_id, points::text FROM {schema}.leaderboard", cancellationToken))
                .ToDictionary(p => p.Key, p => int.Parse(p.Value, System.Globalization.CultureInfo.InvariantCulture));
            Compare(violations, $"{schema}.leaderboard", expectedBoard, board);
            var (position, applied, parked) = await ReadCheckpointAsync(system.DataSource, schema, cancellationToken);
            CheckCheckpoint(violations, schema, fold, position, applied, parked);
            var letters = await ReadDeadLetterPositionsAsync(system.DataSource, schema, cancellationToken);
            CheckDeadLetters(violations, schema, fold, letters);
            figures[$"{schema} mismatches"] = violations.Count - before;
            if (generation.Status == GenerationStatus.Active)
            {
                activeBoard = board;
            }
        }

        var redisBefore = violations.Count;
        var redisBoard = await ReadRedisLeaderboardsAsync(system.Redis.GetDatabase(), system.RedisKeys, system.Redis);
        Compare(violations, RedisLeaderboard.Name, expectedBoard, redisBoard);
        var redisCheckpoint = await system.Leaderboard.ReadCheckpointAsync();
        CheckCheckpoint(violations, RedisLeaderboard.Name, fold, redisCheckpoint.Position, redisCheckpoint.Applied, redisCheckpoint.Parked);
        CheckDeadLetters(violations, RedisLeaderboard.Name, fold, (await system.Leaderboard.ReadDeadLettersAsync()).Select(d => d.Position).ToArray());
        figures[$"{RedisLeaderboard.Name} mismatches"] = violations.Count - redisBefore;

        if (activeBoard is not null)
        {
            var disagreeing = activeBoard.Keys.Union(redisBoard.Keys)
                .Count(k => !activeBoard.TryGetValue(k, out var pg) || !redisBoard.TryGetValue(k, out var redis) || pg != redis);
            figures["postgres/redis disagreeing keys"] = disagreeing;
            if (disagreeing > 0)
            {
                violations.Add($"the PostgreSQL and Redis leaderboards disagree on {disagreeing} keys");
            }
        }

        figures["projections checked"] = generations.Length + 1;
        return new Verification("every read model equals the fold of the event log", violations, figures);
    }

    private static void Compare<T>(List<string> violations, string readModel, IReadOnlyDictionary<EnrollmentKey, T> expected, IReadOnlyDictionary<EnrollmentKey, T> actual)
    {
        var missing = expected.Keys.Where(k => !actual.ContainsKey(k)).ToArray();
        var extra = actual.Keys.Where(k => !expected.ContainsKey(k)).ToArray();
        var different = expected.Where(e => actual.TryGetValue(e.Key, out var a) && !EqualityComparer<T>.Default.Equals(a, e.Value)).ToArray();
        if (missing.Length > 0)
        {
            violations.Add($"{readModel}: {missing.Length} rows missing, e.g. {missing[0]}");
        }

        if (extra.Length > 0)
        {
            violations.Add($"{readModel}: {extra.Length} rows that the fold does not have, e.g. {extra[0]}");
        }

        if (different.Length > 0)
        {
            violations.Add($"{readModel}: {different.Length} rows differ, e.g. {different[0].Key}: expected {different[0].Value}, found {actual[different[0].Key]}");
        }
    }

    private static void CheckCheckpoint(List<string> violations, string projection, EventLogFold fold, long position, long applied, long parked)
    {
        if (position != fold.Head)
        {
            violations.Add($"{projection}: checkpoint at {position}, the log's head is {fold.Head}");
        }

        if (applied + parked != position)
        {
            violations.Add($"{projection}: applied {applied} + parked {parked} != position {position}: an event was applied twice or skipped");
        }

        if (parked != fold.Poison.Count)
        {
            violations.Add($"{projection}: {parked} events parked, the fold finds {fold.Poison.Count} poison events");
        }
    }

    private static void CheckDeadLetters(List<string> violations, string projection, EventLogFold fold, IReadOnlyCollection<long> parkedPositions)
    {
        if (!parkedPositions.Order().SequenceEqual(fold.Poison))
        {
            violations.Add($"{projection}: dead letters at [{string.Join(", ", parkedPositions.Order().Take(10))}], poison events at [{string.Join(", ", fold.Poison.Take(10))}]");
        }
    }

    private static async Task<Dictionary<EnrollmentKey, ExpectedEnrollment>> ReadProgressAsync(NpgsqlDataSource dataSource, string schema, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT course_id, student_id, student_name, status, lessons_completed, quizzes_submitted, points, last_position FROM {schema}.student_progress");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new Dictionary<EnrollmentKey, ExpectedEnrollment>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = new EnrollmentKey(reader.GetString(0), reader.GetString(1));
            rows[key] = new ExpectedEnrollment(key, reader.GetString(2), reader.GetString(3) == "dropped", reader.GetInt32(4), reader.GetInt32(5),
                reader.GetInt32(6), reader.GetInt64(7));
        }

        return rows;
    }

    private static async Task<Dictionary<EnrollmentKey, string>> ReadPairsAsync(NpgsqlDataSource dataSource, string sql, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new Dictionary<EnrollmentKey, string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows[new EnrollmentKey(reader.GetString(0), reader.GetString(1))] = reader.GetString(2);
        }

        return rows;
    }

    private static async Task<(long Position, long Applied, long Parked)> ReadCheckpointAsync(NpgsqlDataSource dataSource, string schema, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT position, applied, parked FROM {schema}.checkpoint");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    private static async Task<long[]> ReadDeadLetterPositionsAsync(NpgsqlDataSource dataSource, string projection, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT global_position FROM projections.dead_letters WHERE projection = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = projection });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var positions = new List<long>();
        while (await reader.ReadAsync(cancellationToken))
        {
            positions.Add(reader.GetInt64(0));
        }

        return [.. positions];
    }

    /// <summary>Every leaderboard sorted set under the system's prefix, as (course, student) to points.</summary>
    public static async Task<Dictionary<EnrollmentKey, int>> ReadRedisLeaderboardsAsync(IDatabase database, RedisKeys keys, IConnectionMultiplexer redis)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(redis);
        var board = new Dictionary<EnrollmentKey, int>();
        var server = redis.GetServers()[0];
        await foreach (var key in server.KeysAsync(database.Database, keys.LeaderboardPattern, pageSize: 1_000))
        {
            var course = keys.CourseOf(key.ToString());
            foreach (var entry in await database.SortedSetRangeByRankWithScoresAsync(key))
            {
                board[new EnrollmentKey(course, entry.Element.ToString())] = (int)entry.Score;
            }
        }

        return board;
    }
}
