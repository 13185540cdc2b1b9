using EduPlatform.Gateway.Configuration;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace EduPlatform.Gateway.Proxying;

/// <summary>
/// Retries an idempotent request on ANOTHER healthy destination when the one it went to could not
/// be reached. YARP has no retries of its own, and a retrying <c>HttpClient</c> handler cannot do
/// this: it only knows the one address it was given. This middleware sits in YARP's per-request
/// pipeline in front of load balancing and re-runs the rest of it (balancing, passive health,
/// forwarding) with the destinations already tried taken out, as YARP's maintainers suggest
/// (github.com/dotnet/yarp/issues/56):
///
/// <code>
/// retry ─► load balancing ─► passive health ─► forwarder ─► destination
///   ▲ picks among the untried    records the outcome    (one attempt)
///   └──── transport failure, nothing sent to the client yet, method idempotent: next attempt
/// </code>
///
/// Bounded three ways: at most <see cref="RetryOptions.MaxAttempts"/> attempts, never the same
/// destination twice, and never once the response has started or the client has gone. Only a
/// transport failure (<see cref="ForwarderError.Request"/>: could not connect, send, or receive
/// the response headers) is retried; a status code a service chose, even 500, is its answer and goes back as is.
/// </summary>
public sealed partial class RetryToAnotherDestination(RequestDelegate next, IOptions<GatewayOptions> options, ILogger<RetryToAnotherDestination> logger)
{
    private static readonly object AttemptsKey = new();

    private readonly RetryOptions _retry = options.Value.Retry;
    private readonly HashSet<string> _idempotentMethods = new(options.Value.Retry.Methods, StringComparer.OrdinalIgnoreCase);

    /// <summary>How many destinations this request was sent to (0 when it never reached forwarding).</summary>
    public static int AttemptsOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items.TryGetValue(AttemptsKey, out var attempts) ? (int)attempts! : 0;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var proxy = context.GetReverseProxyFeature();
        // The destinations YARP's health checks consider available for this request, fixed at its start.
        var candidates = proxy.AvailableDestinations;
        var maxAttempts = Math.Min(_retry.MaxAttempts, candidates.Count);
        if (maxAttempts < 2 || !_idempotentMethods.Contains(context.Request.Method))
        {
            context.Items[AttemptsKey] = 1;
            await next(context);
            return;
        }

        KeepBodyForResending(context.Request);
        var tried = new List<DestinationState>(maxAttempts);
        for (var attempt = 1; ; attempt++)
        {
            context.Items[AttemptsKey] = attempt;
            proxy.AvailableDestinations = tried.Count == 0 ? candidates : candidates.Where(destination => !tried.Contains(destination)).ToArray();
            proxy.ProxiedDestination = null;

            await next(context);

            var failure = context.Features.Get<IForwarderErrorFeature>();
            if (failure?.Error != ForwarderError.Request || proxy.ProxiedDestination is not { } failed
                || context.Response.HasStarted || context.RequestAborted.IsCancellationRequested)
            {
                return; // success, a service's own answer, or too late to try again
            }

            tried.Add(failed);
            if (attempt == maxAttempts)
            {
                return; // the last failure stands; the error handler turns it into a 502 problem
            }

            LogRetrying(logger, context.Request.Method, context.Request.Path, failed.DestinationId, attempt + 1, maxAttempts, failure.Exception?.Message);
            ResetForNextAttempt(context);
        }
    }

    /// <summary>A body is read while it is sent; buffering lets the next attempt send it again.</summary>
    private void KeepBodyForResending(HttpRequest request)
    {
        if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            // Kestrel's body-size limit still applies: it is enforced while the buffer reads the body.
            request.EnableBuffering(_retry.BodyMemoryBufferBytes);
        }
    }

    private static void ResetForNextAttempt(HttpContext context)
    {
        context.Features.Set<IForwarderErrorFeature>(null);
        // Nothing was sent: the failed attempt only set a 502 status. Response callbacks (X-Gateway) stay registered.
        context.Response.Clear();
        if (context.Request.Body.CanSeek)
        {
            context.Request.Body.Position = 0;
        }
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning,
        Message = "{Method} {Path}: destination {Destination} unreachable, attempt {Attempt} of {MaxAttempts} on another destination ({Reason})")]
    private static partial void LogRetrying(ILogger logger, string method, PathString path, string destination, int attempt, int maxAttempts, string? reason);
}
