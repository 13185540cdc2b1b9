using EduPlatform.Platform.Hosting;
using Npgsql;

namespace EduPlatform.Platform.Modules.Payments;

/// <summary>The Payments module's database: saved payment methods and charges.</summary>
public sealed class PaymentsDatabase(IConfiguration configuration) : ModuleDatabase(PaymentsModule.ModuleName, configuration)
{
    public static readonly Guid AliceCard = Guid.Parse("ca4d0000-0000-4000-8000-00000000a11c");
    public static readonly Guid BobCard = Guid.Parse("ca4d0000-0000-4000-8000-000000000b0b");

    protected override async Task CreateSchemaAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, transaction, """
            CREATE TABLE IF NOT EXISTS payment_methods (
                id           uuid        PRIMARY KEY,
                user_id      uuid        NOT NULL,  -- a Users id, by value
                brand        text        NOT NULL,
                last4        char(4)     NOT NULL,
                expiry_month integer     NOT NULL CHECK (expiry_month BETWEEN 1 AND 12),
                expiry_year  integer     NOT NULL,
                created_at   timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX IF NOT EXISTS payment_methods_user ON payment_methods (user_id);
            CREATE TABLE IF NOT EXISTS charges (
                id                  uuid        PRIMARY KEY,
                user_id             uuid        NOT NULL,
                idempotency_key     text        NOT NULL,
                request_fingerprint text        NOT NULL,
                payment_method_id   uuid        NOT NULL REFERENCES payment_methods (id),
                amount_cents        bigint      NOT NULL CHECK (amount_cents > 0),
                currency            char(3)     NOT NULL,
                description         text,
                status              text        NOT NULL,
                created_at          timestamptz NOT NULL DEFAULT now(),
                -- The idempotency guarantee itself: one charge per key per user, enforced by the database.
                UNIQUE (user_id, idempotency_key)
            );
            """, cancellationToken);

        await ExecuteAsync(connection, transaction, """
            INSERT INTO payment_methods (id, user_id, brand, last4, expiry_month, expiry_year) VALUES
                ($1, $2, 'visa', '4242', 12, 2030),
                ($3, $4, 'mastercard', '4444', 6, 2031)
            ON CONFLICT (id) DO NOTHING
            """, [AliceCard, DemoUserIds.Alice, BobCard, DemoUserIds.Bob], cancellationToken);
    }
}
