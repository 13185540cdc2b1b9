using System.Globalization;
using System.Threading.RateLimiting;
using EduPlatform.Gateway.Edge;

namespace EduPlatform.Gateway.RateLimiting;

/// <summary>A refused request: 429, <c>Retry-After</c> in whole seconds, and a problem saying whose budget is spent.</summary>
public static class TooManyRequests
{
    public static Task WriteAsync(HttpContext context, RateLimitLease lease, string detail)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(lease);
        // The fixed-window limiter reports the whole window as its retry-after: an upper bound, never too early.
        // Whole seconds, rounded up, as the header requires.
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        context.Response.Headers.RetryAfter = seconds;
        return GatewayProblem.WriteAsync(context, StatusCodes.Status429TooManyRequests, "Too many requests", $"{detail}; retry after {seconds} s.");
    }
}
