using Microsoft.AspNetCore.Diagnostics;

namespace EduPlatform.Gateway.Edge;

/// <summary>
/// Whatever escapes the pipeline as an exception leaves as a problem with no detail of it, in every environment (the
/// framework's developer page, which shows stack frames and source paths, never gets the chance). Kestrel reports a
/// request it finds malformed while its body is read as a <see cref="BadHttpRequestException"/>: broken chunked
/// framing, a body over the limit, one that stopped arriving. Those are the client's: their own status (400, 413,
/// 408) and no error log. Kestrel reports a chunk size that overflows as a bare <see cref="IOException"/> ("Bad chunk
/// size data"); the gateway reads from nothing but its client (the forwarder's own I/O failures are YARP's 502s), so
/// any I/O error that escapes is the client's request too: 400, logged, since it is not Kestrel's usual report.
/// Anything else is the gateway's: 500, logged with its correlation id.
/// </summary>
public static class UnhandledErrors
{
    public static IApplicationBuilder UseProblemsForUnhandledErrors(this IApplicationBuilder app) =>
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = StatusOf,
            ExceptionHandler = WriteAsync,
            SuppressDiagnosticsCallback = context => context.Exception is BadHttpRequestException,
        });

    private static int StatusOf(Exception exception) => exception switch
    {
        BadHttpRequestException malformed => malformed.StatusCode,
        IOException => StatusCodes.Status400BadRequest,
        _ => StatusCodes.Status500InternalServerError,
    };

    private static Task WriteAsync(HttpContext context)
    {
        var status = context.Response.StatusCode;
        var (title, detail) = (context.Features.Get<IExceptionHandlerFeature>()?.Error, status) switch
        {
            (IOException, StatusCodes.Status413PayloadTooLarge) => ("Request body too large", "The request body is larger than this route accepts."),
            (IOException, StatusCodes.Status408RequestTimeout) => ("Request body timeout", "The request body stopped arriving."),
            (IOException, _) => ("Malformed request", "The request could not be read: its body's framing is broken."),
            _ => ("Unexpected error", "The gateway could not handle this request; the correlation id identifies it in the gateway's log."),
        };
        return GatewayProblem.WriteAsync(context, status, title, detail);
    }
}
