using Microsoft.AspNetCore.Http.Features;

namespace EduPlatform.CoursePage.Hosting;

/// <summary>
/// Reads every request body in full, into memory, before the request takes a worker (it runs ahead of the
/// <see cref="ServerWorkerBudget"/>), so the endpoint then binds it at once.
/// </summary>
/// <remarks>
/// Found by a probe (issue 19): 32 connections posting a 16,000-byte purchase at 250 B/s each took a worker and then
/// waited for their body inside the endpoint, and the budget is 32, so <c>GET /summary</c> queued for as long as they
/// kept sending. Kestrel's minimum data rate (240 B/s) does not stop them. Read here, a slow body costs its connection
/// and at most <see cref="ServerLimitsOptions.MaxRequestBodyBytes"/> of memory, never a worker; and
/// <see cref="ServerLimitsOptions.BodyReadTimeout"/> (on the service's clock) bounds how long even that lasts: 408.
/// </remarks>
public sealed class RequestBodyReader(ServerLimitsOptions limits, TimeProvider time) : IMiddleware
{
    private long _receiving;

    /// <summary>Requests whose body is still arriving: outside the worker budget, by design.</summary>
    public long Receiving => Interlocked.Read(ref _receiving);

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody != true)
        {
            await next(context);
            return;
        }

        // The deadline exists before the request counts as receiving: whoever sees it counted can move the clock.
        using var deadline = new CancellationTokenSource(limits.BodyReadTimeout, time);
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, context.RequestAborted);
        Interlocked.Increment(ref _receiving);
        try
        {
            var request = context.Request;
            request.EnableBuffering(bufferThreshold: (int)limits.MaxRequestBodyBytes, bufferLimit: limits.MaxRequestBodyBytes);
            await request.Body.CopyToAsync(Stream.Null, reading.Token);
            request.Body.Position = 0;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
        {
            await RefuseAsync(context, StatusCodes.Status408RequestTimeout, "Request body too slow",
                $"The request body did not arrive within {limits.BodyReadTimeout.TotalSeconds:0.#} s.");
            return;
        }
        catch (BadHttpRequestException refused)
        {
            // Kestrel's own verdicts while reading: 413 over Server:MaxRequestBodyBytes, 408 below its minimum data rate,
            // 400 for broken framing.
            var title = refused.StatusCode switch
            {
                StatusCodes.Status413PayloadTooLarge => "Request body too large",
                StatusCodes.Status408RequestTimeout => "Request body too slow",
                _ => "Malformed request body",
            };
            await RefuseAsync(context, refused.StatusCode, title, $"The request body could not be read ({refused.StatusCode}).");
            return;
        }
        catch (Exception gone) when (context.RequestAborted.IsCancellationRequested && gone is OperationCanceledException or IOException)
        {
            return; // the client went away while sending: nobody to answer
        }
        catch (IOException)
        {
            // Kestrel reports some broken framing as an IOException rather than a BadHttpRequestException: a chunk size
            // that overflows ("ffffffffffffffffffff") was a 500 with the exception logged, found by the hostile suite.
            await RefuseAsync(context, StatusCodes.Status400BadRequest, "Malformed request body", "The request body could not be read (400).");
            return;
        }
        finally
        {
            Interlocked.Decrement(ref _receiving);
        }

        await next(context);
    }

    private static async Task RefuseAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        // The rest of the body is not read: the connection cannot carry another request after this answer.
        context.Response.Headers.Connection = "close";
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
