using Npgsql;

namespace EduPlatform.Saga;

/// <summary>Creates every service's tables (Schema.sql) and each service's outbox, inbox and dead-letter tables.</summary>
public static class SagaSchema
{
    /// <summary>The schemas that send or receive messages, each with its own outbox and inbox.</summary>
    public static readonly IReadOnlyList<string> MessagingSchemas = ["seats", "payments", "video", "notifications", "orchestrator", "enrollments", "masstransit"];

    public static async Task CreateAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var stream = typeof(SagaSchema).Assembly.GetManifestResourceStream("EduPlatform.Saga.Schema.sql")
            ?? throw new InvalidOperationException("Schema.sql is not embedded.");
        using var reader = new StreamReader(stream);
        var sql = await reader.ReadToEndAsync(cancellationToken) + string.Concat(MessagingSchemas.Select(MessagingTables));
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The outbox (what this service still has to publish, committed with its state), the inbox (which messages it
    /// has handled, so a redelivered one is not handled twice) and the dead letters an operator may look at.
    /// </summary>
    private static string MessagingTables(string schema) => $"""

        CREATE TABLE {schema}.outbox (
            position       bigserial PRIMARY KEY,
            message_id     uuid NOT NULL,
            correlation_id uuid NOT NULL,
            type           text NOT NULL,
            queue          text NULL,   -- set: straight to this queue (a retried dead letter); null: routed by type
            envelope       jsonb NOT NULL,
            created_at     timestamptz NOT NULL,
            published_at   timestamptz NULL
        );
        CREATE INDEX ON {schema}.outbox (position) WHERE published_at IS NULL;
        CREATE TABLE {schema}.inbox (
            message_id  uuid PRIMARY KEY,
            type        text NOT NULL,
            handled_at  timestamptz NOT NULL
        );
        CREATE TABLE {schema}.dead_letters (
            id             uuid PRIMARY KEY,
            message_id     uuid NOT NULL,
            correlation_id uuid NOT NULL,
            type           text NOT NULL,
            queue          text NOT NULL,
            attempts       int NOT NULL,
            error          text NOT NULL,
            envelope       jsonb NOT NULL,
            dead_at        timestamptz NOT NULL,
            retried_at     timestamptz NULL
        );
        """;
}
