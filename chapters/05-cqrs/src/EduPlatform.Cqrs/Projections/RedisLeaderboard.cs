using System.Globalization;
using System.Text.Json;
using EduPlatform.Cqrs.Domain;
using EduPlatform.Cqrs.ReadModels;
using EduPlatform.EventStore;
using StackExchange.Redis;

namespace EduPlatform.Cqrs.Projections;

/// <summary>
/// The leaderboard in Redis: one sorted set per course (student id to points, enrolled students only), with its own
/// checkpoint in Redis. A batch: read the views of the batch's enrollments (HMGET), fold in memory
/// (<see cref="ReadModelFold"/>, the same rules as PostgreSQL), then ONE script (RedisLeaderboardApply.lua) that
/// checks the checkpoint, writes the results and moves the checkpoint. Writes are absolute (ZADD the new score, not
/// ZINCRBY a delta) so the script's compare-and-set is the only thing that makes a replay harmless.
/// </summary>
public sealed class RedisLeaderboard(IConnectionMultiplexer redis, RedisKeys keys) : IReadModelStore
{
    public const string Name = "leaderboard-redis";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ProjectionName => Name;

    public RedisKeys Keys => keys;

    private IDatabase Database => redis.GetDatabase();

    public async Task<long> LoadPositionAsync(CancellationToken cancellationToken) =>
        (long?)await Database.HashGetAsync(keys.Checkpoint, "position") ?? 0;

    public async Task ApplyAsync(long expectedPosition, IReadOnlyList<RecordedEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var enrollmentKeys = events.Select(ReadModelFold.KeyOf).Distinct().ToArray();
        var stored = await Database.HashGetAsync(keys.Enrollments, enrollmentKeys.Select(k => (RedisValue)Field(k)).ToArray());
        var views = new Dictionary<EnrollmentKey, EnrollmentView>();
        foreach (var json in stored.Where(v => v.HasValue))
        {
            var view = JsonSerializer.Deserialize<EnrollmentView>(json.ToString(), Json)!;
            views[view.Key] = view;
        }

        var changed = ReadModelFold.ApplyAll(views, events).Select(k => views[k]).ToArray();
        var script = new ScriptCall(keys, expectedPosition, events[^1].GlobalPosition, applied: events.Count, parked: 0);
        foreach (var view in changed)
        {
            script.Set(keys.Enrollments, Field(view.Key), JsonSerializer.Serialize(view, Json));
            if (view.Status == EnrollmentStatus.Enrolled)
            {
                script.Score(keys.Leaderboard(view.CourseId), view.StudentId, view.Points);
            }
            else
            {
                script.Remove(keys.Leaderboard(view.CourseId), view.StudentId);
            }
        }

        await RunAsync(script, expectedPosition);
    }

    public async Task ParkAsync(long expectedPosition, RecordedEvent poison, string reason, int attempts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(poison);
        var script = new ScriptCall(keys, expectedPosition, poison.GlobalPosition, applied: 0, parked: 1);
        var letter = new DeadLetter(Name, poison.GlobalPosition, poison.EventId, poison.StreamId.Value, poison.EventType, reason, attempts, DateTimeOffset.UtcNow);
        script.Set(keys.DeadLetters, poison.GlobalPosition.ToString(CultureInfo.InvariantCulture), JsonSerializer.Serialize(letter, Json));
        await RunAsync(script, expectedPosition);
    }

    /// <summary>The top <paramref name="count"/> of a course and the position they are at, read atomically (one MULTI/EXEC).</summary>
    public async Task<(long Position, IReadOnlyList<(string StudentId, int Points)> Entries)> ReadTopAsync(string courseId, int count)
    {
        var transaction = Database.CreateTransaction();
        var position = transaction.HashGetAsync(keys.Checkpoint, "position");
        // Ties: Redis orders equal scores by member, descending; the PostgreSQL query orders the same way.
        var entries = transaction.SortedSetRangeByRankWithScoresAsync(keys.Leaderboard(courseId), 0, count - 1, Order.Descending);
        await transaction.ExecuteAsync();
        return ((long?)await position ?? 0, (await entries).Select(e => (e.Element.ToString(), (int)e.Score)).ToArray());
    }

    public async Task<(long Position, long Applied, long Parked)> ReadCheckpointAsync()
    {
        var values = await Database.HashGetAsync(keys.Checkpoint, ["position", "applied", "parked"]);
        return ((long?)values[0] ?? 0, (long?)values[1] ?? 0, (long?)values[2] ?? 0);
    }

    public async Task<IReadOnlyList<DeadLetter>> ReadDeadLettersAsync() =>
        (await Database.HashValuesAsync(keys.DeadLetters))
            .Select(v => JsonSerializer.Deserialize<DeadLetter>(v.ToString(), Json)!)
            .OrderBy(d => d.Position)
            .ToArray();

    private static string Field(EnrollmentKey key) => $"{key.CourseId}/{key.StudentId}";

    private async Task RunAsync(ScriptCall script, long expectedPosition)
    {
        var result = (RedisResult[])(await Database.ScriptEvaluateAsync(EmbeddedSql.RedisLeaderboardApply, script.Keys, script.Values))!;
        if ((int)result[0] == 0)
        {
            throw new CheckpointMovedException(Name, expectedPosition, (long)result[1]);
        }
    }

    /// <summary>The script's KEYS and ARGV for one batch.</summary>
    private sealed class ScriptCall
    {
        private readonly List<RedisKey> _keys;
        private readonly Dictionary<string, int> _keyIndexes = [];
        private readonly List<RedisValue> _values;

        public ScriptCall(RedisKeys keys, long expected, long position, long applied, long parked)
        {
            _keys = [keys.Checkpoint];
            _keyIndexes[keys.Checkpoint] = 1;
            foreach (var key in new[] { keys.Enrollments, keys.DeadLetters })
            {
                _keys.Add(key);
                _keyIndexes[key] = _keys.Count;
            }

            _values = [expected, position, applied, parked, keys.ProjectedChannel];
        }

        public RedisKey[] Keys => [.. _keys];

        public RedisValue[] Values => [.. _values];

        public void Set(string hash, string field, string value) => Add("set", hash, field, value);

        public void Score(string sortedSet, string member, int score) => Add("score", sortedSet, member, score);

        public void Remove(string sortedSet, string member) => Add("remove", sortedSet, member, "");

        private void Add(string kind, string key, string field, RedisValue value)
        {
            if (!_keyIndexes.TryGetValue(key, out var index))
            {
                _keys.Add(key);
                // Lua's KEYS is 1-based.
                index = _keyIndexes[key] = _keys.Count;
            }

            _values.AddRange([kind, index, field, value]);
        }
    }
}
