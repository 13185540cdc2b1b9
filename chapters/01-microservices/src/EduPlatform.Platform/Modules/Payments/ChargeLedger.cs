using Npgsql;

namespace EduPlatform.Platform.Modules.Payments;

/// <summary>
/// Charges a payment method exactly once per idempotency key. A client that timed out and retries,
/// or a double-clicked "Pay" button sending the same key twice at once, gets the first charge back
/// instead of paying twice.
///
/// The guarantee lives in the database, not in application code: <c>UNIQUE (user_id, idempotency_key)</c>
/// plus <c>INSERT ... ON CONFLICT DO NOTHING</c>. When duplicates race, PostgreSQL makes every later
/// insert wait for the first one's transaction and then skip, so exactly one row (one charge) exists
/// however many copies arrive, in one process or across many instances of the service. No
/// check-then-insert window exists to race through.
/// </summary>
public sealed class ChargeLedger(PaymentsDatabase database)
{
    private const string Columns = "id, idempotency_key, payment_method_id, amount_cents, currency, description, status, created_at, request_fingerprint";

    public async Task<ChargeResult> ChargeAsync(Guid userId, string idempotencyKey, ChargeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!await OwnsPaymentMethodAsync(userId, request.PaymentMethodId!.Value, cancellationToken))
        {
            return new ChargeResult(ChargeResultKind.UnknownPaymentMethod, null);
        }

        var fingerprint = request.Fingerprint();
        // The card network is out of scope here: recording the charge is the charge. (Chapter 06's
        // saga calls an external payment provider and compensates when a later step fails.)
        await using (var insert = database.DataSource.CreateCommand($"""
            INSERT INTO charges (id, user_id, idempotency_key, request_fingerprint, payment_method_id, amount_cents, currency, description, status)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'succeeded')
            ON CONFLICT (user_id, idempotency_key) DO NOTHING
            RETURNING {Columns}
            """))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = Guid.NewGuid() });
            insert.Parameters.Add(new NpgsqlParameter { Value = userId });
            insert.Parameters.Add(new NpgsqlParameter { Value = idempotencyKey });
            insert.Parameters.Add(new NpgsqlParameter { Value = fingerprint });
            insert.Parameters.Add(new NpgsqlParameter { Value = request.PaymentMethodId.Value });
            insert.Parameters.Add(new NpgsqlParameter { Value = request.AmountCents!.Value });
            insert.Parameters.Add(new NpgsqlParameter { Value = request.Currency! });
            insert.Parameters.Add(new NpgsqlParameter { Value = (object?)request.Description ?? DBNull.Value });
            await using var reader = await insert.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                return new ChargeResult(ChargeResultKind.Charged, Read(reader).Charge);
            }
        }

        // The key was used before (or by a duplicate that won the race and has committed by now:
        // this is a new statement, so it sees it). Same request: answer with that charge again.
        await using var select = database.DataSource.CreateCommand($"SELECT {Columns} FROM charges WHERE user_id = $1 AND idempotency_key = $2");
        select.Parameters.Add(new NpgsqlParameter { Value = userId });
        select.Parameters.Add(new NpgsqlParameter { Value = idempotencyKey });
        await using var existing = await select.ExecuteReaderAsync(cancellationToken);
        await existing.ReadAsync(cancellationToken);
        var (original, originalFingerprint) = Read(existing);
        return originalFingerprint == fingerprint
            ? new ChargeResult(ChargeResultKind.Replayed, original)
            : new ChargeResult(ChargeResultKind.KeyReusedForDifferentRequest, original);
    }

    public async Task<IReadOnlyList<Charge>> OfUserAsync(Guid userId, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand($"SELECT {Columns} FROM charges WHERE user_id = $1 ORDER BY created_at, id");
        command.Parameters.Add(new NpgsqlParameter { Value = userId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var charges = new List<Charge>();
        while (await reader.ReadAsync(cancellationToken))
        {
            charges.Add(Read(reader).Charge);
        }

        return charges;
    }

    public async Task<Charge?> FindAsync(Guid userId, Guid chargeId, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand($"SELECT {Columns} FROM charges WHERE user_id = $1 AND id = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = userId });
        command.Parameters.Add(new NpgsqlParameter { Value = chargeId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader).Charge : null;
    }

    private async Task<bool> OwnsPaymentMethodAsync(Guid userId, Guid paymentMethodId, CancellationToken cancellationToken)
    {
        // Payment methods are never deleted, so this check cannot go stale before the insert.
        await using var command = database.DataSource.CreateCommand("SELECT EXISTS (SELECT 1 FROM payment_methods WHERE id = $1 AND user_id = $2)");
        command.Parameters.Add(new NpgsqlParameter { Value = paymentMethodId });
        command.Parameters.Add(new NpgsqlParameter { Value = userId });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static (Charge Charge, string Fingerprint) Read(NpgsqlDataReader reader) =>
        (new Charge(
            reader.GetGuid(0),
            reader.GetString(1),
            reader.GetGuid(2),
            reader.GetInt64(3),
            reader.GetString(4),
            reader.IsDBNull(5) ? null : reader.GetString(5),
            reader.GetString(6),
            reader.GetFieldValue<DateTimeOffset>(7)),
         reader.GetString(8));
}

public enum ChargeResultKind
{
    /// <summary>A new charge was made.</summary>
    Charged,

    /// <summary>The key was used before for the same request: the original charge, nothing charged again.</summary>
    Replayed,

    /// <summary>The key was used before for a different request: refused, nothing charged.</summary>
    KeyReusedForDifferentRequest,

    /// <summary>The payment method does not exist or is not the caller's: refused, nothing charged.</summary>
    UnknownPaymentMethod,
}

public sealed record ChargeResult(ChargeResultKind Kind, Charge? Charge);
