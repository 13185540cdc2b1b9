using System.Diagnostics;

namespace EduPlatform.Platform.Hosting.Observability;

/// <summary>
/// One structured line per request, as the original platform's logging middleware wrote: method,
/// url, status, duration, user agent, client ip, timestamp. With the JSON console formatter each
/// field is a property of the line's <c>State</c>, so a log pipeline can filter on it without parsing.
/// It is the outermost middleware, so it sees the final status, also of failed requests.
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
            LogRequest(
                logger,
                request.Method,
                $"{request.PathBase}{request.Path}{request.QueryString}",
                context.Response.StatusCode,
                Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 3),
                request.Headers.UserAgent.ToString(),
                context.Connection.RemoteIpAddress?.ToString() ?? "",
                time.GetUtcNow().ToString("O"));
        }
    }

    [LoggerMessage(EventId = 1, EventName = "AccessLog", Level = LogLevel.Information,
        Message = "{Method} {Url} {Status} {DurationMs} ms {UserAgent} {Ip} {Timestamp}")]
    private static partial void LogRequest(
        ILogger logger, string method, string url, int status, double durationMs, string userAgent, string ip, string timestamp);
}
