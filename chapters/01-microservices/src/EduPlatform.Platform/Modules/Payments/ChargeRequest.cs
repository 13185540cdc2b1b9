using System.Security.Cryptography;
using System.Text;
using EduPlatform.Platform.Hosting.Problems;
using Microsoft.Extensions.Primitives;

namespace EduPlatform.Platform.Modules.Payments;

/// <summary>What <c>POST /api/payments/charges</c> accepts; the <c>Idempotency-Key</c> header comes with it.</summary>
public sealed record ChargeRequest(long? AmountCents, string? Currency, Guid? PaymentMethodId, string? Description)
{
    public const long MaxAmountCents = 100_000_000; // one million in the currency's major unit
    private static readonly string[] Currencies = ["USD", "EUR", "GBP"];

    public ValidationErrors Validate() => new ValidationErrors()
        .Require(AmountCents is > 0 and <= MaxAmountCents, "amountCents", $"AmountCents must be between 1 and {MaxAmountCents}.")
        .Require(Currency is not null && Currencies.Contains(Currency), "currency", $"Currency must be one of {string.Join(", ", Currencies)}.")
        .Require(PaymentMethodId is not null && PaymentMethodId != Guid.Empty, "paymentMethodId", "PaymentMethodId is required.")
        .Require(Description is null || Description.Length <= 200, "description", "Description must be at most 200 characters.");

    /// <summary>
    /// Identifies what was asked for, so a key reused for a different charge is caught instead of
    /// silently answered with the first charge.
    /// </summary>
    public string Fingerprint() =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{AmountCents}|{Currency}|{PaymentMethodId}|{Description}")));
}

/// <summary>
/// The <c>Idempotency-Key</c> header: exactly one, of 1 to 255 visible ASCII characters other than a comma, chosen by
/// the client, unique per intended charge. One key, because two would be read as one key joined with a comma
/// (<c>a,b</c>), and a retry carrying either of them would charge again; no comma, because that is how a proxy joins
/// two fields into one.
/// </summary>
public static class IdempotencyKey
{
    public const string Header = "Idempotency-Key";

    /// <summary>The one valid key among <paramref name="fields"/> (every field of the header), or null.</summary>
    public static string? From(StringValues fields) =>
        fields.Count == 1 && IsValid(fields[0]) ? fields[0] : null;

    public static bool IsValid(string? key) => key is { Length: >= 1 and <= 255 } && key.All(c => c is >= '!' and <= '~' and not ',');
}

public sealed record Charge(
    Guid Id, string IdempotencyKey, Guid PaymentMethodId, long AmountCents, string Currency, string? Description, string Status, DateTimeOffset CreatedAt);
