using Npgsql;

namespace EduPlatform.Saga.Messaging;

/// <summary>One message being handled: the transaction its effects (and the messages it sends) commit in.</summary>
public sealed record MessageContext(NpgsqlConnection Connection, NpgsqlTransaction Transaction, Envelope Message, DateTimeOffset Now)
{
    public NpgsqlCommand Command(string sql) => new(sql, Connection, Transaction);
}
