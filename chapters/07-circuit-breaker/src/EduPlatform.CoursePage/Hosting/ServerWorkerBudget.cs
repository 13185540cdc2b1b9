using System.Threading.RateLimiting;

namespace EduPlatform.CoursePage.Hosting;

/// <summary>
/// The service's worker budget: at most <see cref="ServerLimitsOptions.MaxConcurrentRequests"/> requests are processed
/// at once, all endpoints together; the rest wait in a queue, oldest first, and beyond it get 503.
/// </summary>
/// <remarks>
/// Every server has such a budget, whether it is a thread pool, a connection limit or memory; the old monolith's was
/// its request threads. Here it is explicit (ASP.NET Core's global concurrency limiter) so a load run can watch what a
/// slow dependency does to it: calls that wait on the dependency hold workers, and every other endpoint queues behind
/// them. Timeouts and the breaker bound how long a call can hold one; the bulkhead bounds how many one dependency can
/// hold. Health and diagnostics are exempt so that they answer even when the service is saturated.
/// </remarks>
public sealed class ServerWorkerBudget
{
    private const string Partition = "server";

    private long _rejected;

    public ServerWorkerBudget(ServerLimitsOptions limits)
    {
        Limits = limits;
        Limiter = PartitionedRateLimiter.Create<HttpContext, string>(_ => RateLimitPartition.GetConcurrencyLimiter(
            Partition,
            _ => new ConcurrencyLimiterOptions
            {
                PermitLimit = limits.MaxConcurrentRequests,
                QueueLimit = limits.RequestQueueLimit,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            }));
    }

    public ServerLimitsOptions Limits { get; }

    public PartitionedRateLimiter<HttpContext> Limiter { get; }

    /// <summary>Requests turned away with 503 since the service started.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    // Counted here rather than read from the limiter: the middleware tries a synchronous acquire before queueing, so
    // the limiter's own failed-lease count is not a count of rejected requests.
    public void RecordRejected() => Interlocked.Increment(ref _rejected);

    /// <summary>Workers in use and requests waiting, as of now.</summary>
    public (long InUse, long Queued) Occupancy(HttpContext any)
    {
        // The partition key ignores the request, so any request reads the one shared limiter.
        var statistics = Limiter.GetStatistics(any);
        return statistics is null ? (0, 0) : (Limits.MaxConcurrentRequests - statistics.CurrentAvailablePermits, statistics.CurrentQueuedCount);
    }
}

/// <summary>Registers the <see cref="ServerWorkerBudget"/> as ASP.NET Core's global rate limiter.</summary>
public static class ServerWorkerBudgetRegistration
{
    public static IServiceCollection AddServerWorkerBudget(this IServiceCollection services, ServerLimitsOptions limits)
    {
        if (limits.MaxConcurrentRequests < 1 || limits.RequestQueueLimit < 0 || limits.MaxRequestBodyBytes is < 1 or > int.MaxValue
            || limits.BodyReadTimeout <= TimeSpan.Zero)
        {
            throw new InvalidOperationException(
                "Server:MaxConcurrentRequests and Server:MaxRequestBodyBytes must be at least 1 (the latter at most 2 GiB), "
                + "Server:RequestQueueLimit at least 0, Server:BodyReadTimeout positive.");
        }

        var budget = new ServerWorkerBudget(limits);
        services.AddSingleton(budget);
        services.AddRateLimiter(rateLimiting =>
        {
            rateLimiting.GlobalLimiter = budget.Limiter;
            rateLimiting.RejectionStatusCode = StatusCodes.Status503ServiceUnavailable;
            rateLimiting.OnRejected = async (rejection, cancellationToken) =>
            {
                var http = rejection.HttpContext;
                budget.RecordRejected();
                http.Response.Headers.RetryAfter = "1";
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status503ServiceUnavailable,
                        Type = ProblemTypes.ServerBusy,
                        Title = "Server busy",
                        Detail = "Every worker is busy and the queue is full. Try again shortly.",
                    },
                });
            };
        });
        return services;
    }
}
