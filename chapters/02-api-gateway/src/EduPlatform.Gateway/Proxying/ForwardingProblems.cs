using EduPlatform.Gateway.Edge;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;

namespace EduPlatform.Gateway.Proxying;

/// <summary>
/// The outermost step of YARP's per-request pipeline: a request YARP could not complete (it sets
/// only a status code) gets a problem+json body saying why: 502 the service could not be reached,
/// 503 no healthy destination, 504 it did not answer in time. A service's own errors pass untouched.
/// </summary>
public sealed class ForwardingProblems(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        // A service's own error, even one without a body, goes back as the service wrote it.
        if (context.Features.Get<IStatusCodePagesFeature>() is { } statusCodePages)
        {
            statusCodePages.Enabled = false;
        }

        await next(context);

        if (context.Features.Get<IForwarderErrorFeature>() is not { } failure || context.Response.HasStarted || context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        var cluster = context.GetReverseProxyFeature().Cluster.Config.ClusterId;
        var status = context.Response.StatusCode;
        var problem = (failure.Error, status) switch
        {
            (ForwarderError.NoAvailableDestinations, _) => GatewayProblem.WriteAsync(context, StatusCodes.Status503ServiceUnavailable,
                "No healthy destination", $"Every destination of the '{cluster}' service is failing its health checks. Try again shortly."),
            (ForwarderError.RequestTimedOut, _) => GatewayProblem.WriteAsync(context, StatusCodes.Status504GatewayTimeout,
                "Service timed out", $"The '{cluster}' service did not answer in time."),
            (_, StatusCodes.Status413PayloadTooLarge) => RequestBodyLimit.TooLargeAsync(context, context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize),
            (_, >= 500) => GatewayProblem.WriteAsync(context, StatusCodes.Status502BadGateway,
                "Service unreachable", $"The '{cluster}' service could not be reached or broke off its answer (attempts: {RetryToAnotherDestination.AttemptsOf(context)})."),
            (_, >= 400) => GatewayProblem.WriteAsync(context, status, "Request could not be forwarded", "The request body could not be read from the client."),
            _ => Task.CompletedTask,
        };
        await problem;
    }
}
