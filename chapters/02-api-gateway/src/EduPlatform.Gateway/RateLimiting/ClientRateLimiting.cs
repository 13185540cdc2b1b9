using System.Threading.RateLimiting;
using EduPlatform.Gateway.Configuration;

namespace EduPlatform.Gateway.RateLimiting;

/// <summary>
/// One ASP.NET Core rate-limiter policy per configured budget, each a fixed window per
/// <see cref="ClientPartition">client</see>, no queue (a request is admitted or refused at once, so
/// exactly <c>PermitLimit</c> get through per window however many arrive together). A refusal is
/// 429 with <c>Retry-After</c> and a problem+json body.
/// </summary>
public static class ClientRateLimiting
{
    public static IServiceCollection AddClientRateLimiting(this IServiceCollection services, RateLimitingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return services.AddRateLimiter(limiter =>
        {
            foreach (var (name, budget) in options.Policies)
            {
                var window = WindowOf(budget);
                Func<HttpContext, string> partition = budget.Partition == BudgetPartition.AddressAndAccount ? ClientPartition.AddressOf : ClientPartition.KeyOf;
                limiter.AddPolicy(name, context => RateLimitPartition.GetFixedWindowLimiter(partition(context), _ => window));
            }

            limiter.OnRejected = (rejection, _) => new ValueTask(TooManyRequests.WriteAsync(
                rejection.HttpContext, rejection.Lease, "This client has used its request budget for now"));
        });
    }

    /// <summary>A budget as the limiter runs it: a fixed window, no queue (admitted or refused at once, so exactly <c>PermitLimit</c> get through).</summary>
    public static FixedWindowRateLimiterOptions WindowOf(RateLimitPolicyOptions budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        return new FixedWindowRateLimiterOptions
        {
            PermitLimit = budget.PermitLimit,
            Window = TimeSpan.FromSeconds(budget.WindowSeconds),
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }
}
