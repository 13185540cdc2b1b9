using System.Diagnostics;
using EduPlatform.Gateway.Proxying;
using Yarp.ReverseProxy.Model;

namespace EduPlatform.Gateway.Edge;

/// <summary>
/// One structured line per request, the fields of the seed's logging middleware (method, url,
/// status, duration, user agent, ip, timestamp) plus what only a gateway knows: the correlation
/// id, the route, the destination that answered and how many attempts it took. With the JSON
/// console formatter each field is a property, filterable without parsing. It wraps everything
/// after the client address is settled, so it logs the final status of rejected requests too.
/// </summary>
public sealed partial class AccessLogMiddleware(RequestDelegate next, ILogger<AccessLogMiddleware> logger, TimeProvider time)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var request = context.Request;
            var proxy = context.Features.Get<IReverseProxyFeature>();
            LogRequest(
                logger,
                request.Method,
                $"{request.PathBase}{request.Path}{request.QueryString}",
                context.Response.StatusCode,
                Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 3),
                request.Headers.UserAgent.ToString(),
                context.Connection.RemoteIpAddress?.ToString() ?? "",
                time.GetUtcNow().ToString("O"),
                context.TraceIdentifier,
                proxy?.Route.Config.RouteId ?? "",
                proxy?.ProxiedDestination?.DestinationId ?? "",
                RetryToAnotherDestination.AttemptsOf(context));
        }
    }

    [LoggerMessage(EventId = 1, EventName = "AccessLog", Level = LogLevel.Information,
        Message = "{Method} {Url} {Status} {DurationMs} ms {UserAgent} {Ip} {Timestamp} correlation={CorrelationId} route={Route} destination={Destination} attempts={Attempts}")]
    private static partial void LogRequest(
        ILogger logger, string method, string url, int status, double durationMs, string userAgent, string ip, string timestamp,
        string correlationId, string route, string destination, int attempts);
}
