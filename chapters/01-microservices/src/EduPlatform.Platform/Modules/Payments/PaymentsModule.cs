using EduPlatform.Platform.Hosting;
using EduPlatform.Platform.Hosting.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EduPlatform.Platform.Modules.Payments;

/// <summary>Saved payment methods and idempotent charges, for the signed-in user only.</summary>
public sealed class PaymentsModule : IPlatformModule
{
    public const string ModuleName = "payments";

    public string Name => ModuleName;

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDatabase<PaymentsDatabase>(ModuleName, configuration);
        services.AddSingleton<PaymentMethods>();
        services.AddSingleton<ChargeLedger>();
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        var payments = endpoints.MapGroup("/api/payments").RequireAuthorization();
        payments.MapGet("/methods", (AuthenticatedUser caller, PaymentMethods methods, CancellationToken cancellationToken) =>
            methods.OfUserAsync(caller.Id, cancellationToken));
        payments.MapPost("/methods", async Task<Results<Created<PaymentMethod>, ValidationProblem>> (
            AddPaymentMethodRequest request, AuthenticatedUser caller, PaymentMethods methods, CancellationToken cancellationToken) =>
        {
            var errors = request.Validate();
            return errors.IsEmpty
                ? TypedResults.Created("/api/payments/methods", await methods.AddAsync(caller.Id, request, cancellationToken))
                : TypedResults.ValidationProblem(errors.ToDictionary());
        });

        payments.MapPost("/charges", ChargeAsync);
        payments.MapGet("/charges", (AuthenticatedUser caller, ChargeLedger ledger, CancellationToken cancellationToken) =>
            ledger.OfUserAsync(caller.Id, cancellationToken));
        payments.MapGet("/charges/{id}", async Task<Results<Ok<Charge>, ProblemHttpResult>> (
            Guid id, AuthenticatedUser caller, ChargeLedger ledger, CancellationToken cancellationToken) =>
            await ledger.FindAsync(caller.Id, id, cancellationToken) is { } charge
                ? TypedResults.Ok(charge)
                : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Charge not found", detail: $"You have no charge with id {id}."));
    }

    private static async Task<Results<Created<Charge>, ValidationProblem, ProblemHttpResult>> ChargeAsync(
        ChargeRequest request,
        AuthenticatedUser caller,
        ChargeLedger ledger,
        HttpContext context,
        CancellationToken cancellationToken)
    {
        // Read from every field of the header, not bound as one string: binding joins two fields into "a,b".
        var idempotencyKey = IdempotencyKey.From(context.Request.Headers[IdempotencyKey.Header]);
        var errors = request.Validate()
            .Require(idempotencyKey is not null, IdempotencyKey.Header,
                "Exactly one Idempotency-Key header of 1 to 255 visible ASCII characters, without a comma, is required.");
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var result = await ledger.ChargeAsync(caller.Id, idempotencyKey!, request, cancellationToken);
        switch (result.Kind)
        {
            case ChargeResultKind.Charged:
                return TypedResults.Created($"/api/payments/charges/{result.Charge!.Id}", result.Charge);
            case ChargeResultKind.Replayed:
                // The original response again, marked, as payment APIs do for a retried key.
                context.Response.Headers["Idempotent-Replayed"] = "true";
                return TypedResults.Created($"/api/payments/charges/{result.Charge!.Id}", result.Charge);
            case ChargeResultKind.KeyReusedForDifferentRequest:
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status422UnprocessableEntity,
                    title: "Idempotency key reused",
                    detail: "This Idempotency-Key was already used for a different charge; nothing was charged. Use a new key for a new charge.",
                    type: "https://eduplatform.example/problems/idempotency-key-reused",
                    extensions: new Dictionary<string, object?> { ["chargeId"] = result.Charge!.Id });
            default:
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status422UnprocessableEntity,
                    title: "Unknown payment method",
                    detail: "The payment method does not exist or is not yours; nothing was charged.",
                    type: "https://eduplatform.example/problems/unknown-payment-method");
        }
    }
}
