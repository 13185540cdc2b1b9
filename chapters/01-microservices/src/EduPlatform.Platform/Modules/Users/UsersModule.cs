using EduPlatform.Platform.Hosting;
using EduPlatform.Platform.Hosting.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EduPlatform.Platform.Modules.Users;

/// <summary>
/// Users and authentication: the demo accounts, <c>POST /auth/login</c> issuing RS256 JWTs, and the
/// public keys at <c>/.well-known/jwks.json</c> that every other module validates those tokens with.
/// </summary>
public sealed class UsersModule : IPlatformModule
{
    public const string ModuleName = "users";

    /// <summary>Where tokens are issued.</summary>
    public const string LoginPath = "/auth/login";

    /// <summary>Where the public keys are published, for every other module (and any other service) to validate tokens with.</summary>
    public const string JwksPath = "/.well-known/jwks.json";

    public string Name => ModuleName;

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDatabase<UsersDatabase>(ModuleName, configuration);
        services.AddSingleton(UsersOptions.From(configuration));
        services.AddSingleton<SigningKeyStore>();
        services.AddSingleton<IJwksDocumentSource>(provider => provider.GetRequiredService<SigningKeyStore>());
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<UserDirectory>();
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(LoginPath, LoginAsync).AllowAnonymous();
        endpoints.MapGet(JwksPath, async (SigningKeyStore keys, HttpContext context, CancellationToken cancellationToken) =>
        {
            context.Response.Headers.CacheControl = "public, max-age=300";
            return Results.Text(await keys.GetJwksDocumentAsync(cancellationToken), "application/jwk-set+json");
        }).AllowAnonymous();

        var users = endpoints.MapGroup("/api/users").RequireAuthorization();
        users.MapGet("/me", async Task<Results<Ok<UserProfile>, NotFound>> (AuthenticatedUser caller, UserDirectory directory, CancellationToken cancellationToken) =>
            await directory.FindByIdAsync(caller.Id, cancellationToken) is { } account ? TypedResults.Ok(ToProfile(account)) : TypedResults.NotFound());
        users.MapGet("/{id}", async Task<Results<Ok<UserProfile>, ProblemHttpResult>> (Guid id, UserDirectory directory, CancellationToken cancellationToken) =>
            await directory.FindByIdAsync(id, cancellationToken) is { } account
                ? TypedResults.Ok(ToProfile(account))
                : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "User not found", detail: $"No user has id {id}."));
    }

    private static async Task<Results<Ok<LoginResponse>, ValidationProblem, ProblemHttpResult>> LoginAsync(
        LoginRequest request, UserDirectory directory, TokenIssuer issuer, CancellationToken cancellationToken)
    {
        var errors = request.Validate();
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var account = await directory.FindByEmailAsync(request.Email!, cancellationToken);
        // Verify against a hash even for an unknown email, so the response time does not tell
        // a guesser which emails have accounts.
        var passwordMatches = PasswordHash.Verify(request.Password!, account?.PasswordHash ?? PasswordHash.Unmatchable);
        if (account is null || !passwordMatches)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Invalid credentials", detail: "The email or password is wrong.");
        }

        var token = await issuer.IssueAsync(account, cancellationToken);
        return TypedResults.Ok(new LoginResponse(token, "Bearer", (int)issuer.Lifetime.TotalSeconds));
    }

    private static UserProfile ToProfile(UserAccount account) => new(account.Id, account.Email, account.DisplayName, account.Role);
}
