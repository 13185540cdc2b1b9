using EduPlatform.EventStore;
using Npgsql;
using NpgsqlTypes;

namespace EduPlatform.Cqrs.Testing.Workloads;

/// <summary>
/// Chapter 04's append, <c>eventstore.append_to_stream</c>, called inside the writer's own transaction, so the writer
/// can sleep before committing (or roll back) while holding it: the hardest case for a reader of the global order.
/// The store's append lock is held until that commit, which is exactly what keeps positions in commit order.
/// </summary>
public sealed class EventStoreLog(EventTypeRegistry types) : IEventLog
{
    public async Task AppendAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, PlannedAppend plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var serialized = plan.Events.Select(types.Serialize).ToArray();
        await using var command = new NpgsqlCommand("SELECT outcome FROM eventstore.append_to_stream($1, $2, $3, $4, $5, $6)", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = plan.Stream.Value });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = plan.ExpectedVersion });
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = plan.Events.Select(_ => Guid.CreateVersion7()).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = serialized.Select(s => s.Name).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = serialized.Select(s => s.Json).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = new string?[plan.Events.Count], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
        var outcome = (string)(await command.ExecuteScalarAsync(cancellationToken))!;
        if (outcome != "appended")
        {
            throw new InvalidOperationException($"append to {plan.Stream} at {plan.ExpectedVersion} answered {outcome}: the writer's state is wrong");
        }
    }
}
