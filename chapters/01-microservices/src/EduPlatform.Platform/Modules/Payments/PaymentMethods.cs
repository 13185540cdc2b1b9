using EduPlatform.Platform.Hosting.Problems;
using Npgsql;

namespace EduPlatform.Platform.Modules.Payments;

/// <summary>A user's saved payment methods.</summary>
public sealed class PaymentMethods(PaymentsDatabase database)
{
    public async Task<IReadOnlyList<PaymentMethod>> OfUserAsync(Guid userId, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(
            "SELECT id, brand, last4, expiry_month, expiry_year FROM payment_methods WHERE user_id = $1 ORDER BY created_at, id");
        command.Parameters.Add(new NpgsqlParameter { Value = userId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var methods = new List<PaymentMethod>();
        while (await reader.ReadAsync(cancellationToken))
        {
            methods.Add(new PaymentMethod(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetInt32(4)));
        }

        return methods;
    }

    public async Task<PaymentMethod> AddAsync(Guid userId, AddPaymentMethodRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var method = new PaymentMethod(Guid.NewGuid(), request.Brand!, request.Last4!, request.ExpiryMonth!.Value, request.ExpiryYear!.Value);
        await using var command = database.DataSource.CreateCommand(
            "INSERT INTO payment_methods (id, user_id, brand, last4, expiry_month, expiry_year) VALUES ($1, $2, $3, $4, $5, $6)");
        command.Parameters.Add(new NpgsqlParameter { Value = method.Id });
        command.Parameters.Add(new NpgsqlParameter { Value = userId });
        command.Parameters.Add(new NpgsqlParameter { Value = method.Brand });
        command.Parameters.Add(new NpgsqlParameter { Value = method.Last4 });
        command.Parameters.Add(new NpgsqlParameter { Value = method.ExpiryMonth });
        command.Parameters.Add(new NpgsqlParameter { Value = method.ExpiryYear });
        await command.ExecuteNonQueryAsync(cancellationToken);
        return method;
    }
}

public sealed record PaymentMethod(Guid Id, string Brand, string Last4, int ExpiryMonth, int ExpiryYear);

/// <summary>A card to save. Only the brand and last four digits: card numbers never reach this service.</summary>
public sealed record AddPaymentMethodRequest(string? Brand, string? Last4, int? ExpiryMonth, int? ExpiryYear)
{
    private static readonly string[] Brands = ["visa", "mastercard", "amex"];

    public ValidationErrors Validate() => new ValidationErrors()
        .Require(Brand is not null && Brands.Contains(Brand), "brand", $"Brand must be one of {string.Join(", ", Brands)}.")
        .Require(Last4 is { Length: 4 } && Last4.All(char.IsAsciiDigit), "last4", "Last4 must be exactly four digits.")
        .Require(ExpiryMonth is >= 1 and <= 12, "expiryMonth", "ExpiryMonth must be 1 to 12.")
        .Require(ExpiryYear is >= 2000 and <= 2100, "expiryYear", "ExpiryYear must be 2000 to 2100.");
}
