using Npgsql;

namespace EduPlatform.Cqrs.Testing.Workloads;

/// <summary>Where <see cref="TransactionalWriters"/> append, inside a transaction they hold open: chapter 04's store, or the naive contrast.</summary>
public interface IEventLog
{
    Task AppendAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, PlannedAppend plan, CancellationToken cancellationToken);
}
