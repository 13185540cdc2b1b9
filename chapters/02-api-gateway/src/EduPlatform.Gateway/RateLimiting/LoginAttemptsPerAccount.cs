using System.Text.Json;
using System.Threading.RateLimiting;
using EduPlatform.Gateway.Configuration;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Model;

namespace EduPlatform.Gateway.RateLimiting;

/// <summary>
/// The second budget of a login route (<see cref="BudgetPartition.AddressAndAccount"/>): besides its address's, every
/// attempt spends the budget of the account it is aimed at, the <c>email</c> of its JSON body. The limiter has already
/// charged the address whatever token the request carried (so a valid token of any user no longer buys a fresh
/// budget); this stops a guesser who spreads its attempts over many addresses. Both budgets are the policy's
/// <c>PermitLimit</c> per window.
///
/// It runs in YARP's pipeline behind the body limit, so the body it reads is one the route accepts. The account is
/// read as chapter 01's Users service binds it: property names case-insensitive, the last <c>email</c> wins;
/// trimmed and lower-cased, so <c>Alice@x</c> and <c>alice@x </c> are one account. A body with no readable email
/// spends the address budget only (the service refuses it anyway).
///
/// The price, stated: attempts at one account from anywhere share its budget, so a flood of wrong passwords locks the
/// owner out of logging in until the window ends. The alternative is unbounded guessing against one account.
/// </summary>
public sealed class LoginAttemptsPerAccount : IMiddleware, IAsyncDisposable
{
    private const string AccountProperty = "email";

    private readonly Dictionary<string, PartitionedRateLimiter<string>> _accountsByPolicy;

    public LoginAttemptsPerAccount(IOptions<GatewayOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _accountsByPolicy = options.Value.RateLimiting.Policies
            .Where(policy => policy.Value.Partition == BudgetPartition.AddressAndAccount)
            .ToDictionary(
                policy => policy.Key,
                policy => PartitionedRateLimiter.Create<string, string>(account =>
                    RateLimitPartition.GetFixedWindowLimiter(account, _ => ClientRateLimiting.WindowOf(policy.Value))),
                StringComparer.OrdinalIgnoreCase);
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var policy = context.GetReverseProxyFeature().Route.Config.RateLimiterPolicy;
        if (policy is null || !_accountsByPolicy.TryGetValue(policy, out var accounts)
            || await TargetAccountAsync(context.Request, context.RequestAborted) is not { } account)
        {
            await next(context);
            return;
        }

        using var lease = accounts.AttemptAcquire(account);
        if (!lease.IsAcquired)
        {
            await TooManyRequests.WriteAsync(context, lease, "This account has had its login attempts for now");
            return;
        }

        await next(context);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var limiter in _accountsByPolicy.Values)
        {
            await limiter.DisposeAsync();
        }
    }

    private static async Task<string?> TargetAccountAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is null or 0 && request.Headers.TransferEncoding.Count == 0)
        {
            return null;
        }

        // Buffered, so the forwarder sends the service the very bytes read here.
        request.EnableBuffering();
        try
        {
            using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
            string? account = null;
            if (body.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in body.RootElement.EnumerateObject())
                {
                    if (string.Equals(property.Name, AccountProperty, StringComparison.OrdinalIgnoreCase))
                    {
                        account = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
                    }
                }
            }

            return string.IsNullOrWhiteSpace(account) ? null : account.Trim().ToLowerInvariant();
        }
        catch (JsonException)
        {
            return null;
        }
        finally
        {
            request.Body.Position = 0;
        }
    }
}
