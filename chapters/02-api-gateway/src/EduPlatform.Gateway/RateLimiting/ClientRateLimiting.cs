using System.Globalization;
using System.Threading.RateLimiting;
using EduPlatform.Gateway.Configuration;
using EduPlatform.Gateway.Edge;

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
                var window = new FixedWindowRateLimiterOptions
                {
                    PermitLimit = budget.PermitLimit,
                    Window = TimeSpan.FromSeconds(budget.WindowSeconds),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                };
                limiter.AddPolicy(name, context => RateLimitPartition.GetFixedWindowLimiter(ClientPartition.KeyOf(context), _ => window));
            }

            limiter.OnRejected = (rejection, _) =>
            {
                // The fixed-window limiter reports the whole window as its retry-after: an upper
                // bound, never too early. Whole seconds, rounded up, as the header requires.
                var retryAfter = rejection.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                rejection.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return new ValueTask(GatewayProblem.WriteAsync(rejection.HttpContext, StatusCodes.Status429TooManyRequests,
                    "Too many requests", $"This client has used its request budget for now; retry after {rejection.HttpContext.Response.Headers.RetryAfter} s."));
            };
        });
    }
}
