namespace EduPlatform.Bff.Hosting;

/// <summary>
/// Header limits the app enforces itself, below Kestrel's, so that an oversized or malformed header gets a problem+json
/// answer (Kestrel's own refusal of a header block over <see cref="KestrelHeaderBytes"/> is a bare 431 without a body).
/// </summary>
public static class RequestLimits
{
    /// <summary>Kestrel's limit on the whole header block: beyond it Kestrel answers 431 itself.</summary>
    public const int KestrelHeaderBytes = 64 * 1024;

    /// <summary>Kestrel's limit on the number of headers: beyond it Kestrel answers 431 itself.</summary>
    public const int KestrelHeaderCount = 400;

    /// <summary>The app's limit on the number of headers (a browser sends 10 to 30).</summary>
    public const int HeaderCount = 100;

    /// <summary>The app's limit on the whole header block.</summary>
    public const int HeaderBytes = 16 * 1024;

    /// <summary>A token is a few hundred bytes to a few KiB; anything longer is not one.</summary>
    public const int AuthorizationBytes = 8 * 1024;

    public static IApplicationBuilder UseRequestLimits(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var headers = context.Request.Headers;
            var total = 0L;
            foreach (var (name, values) in headers)
            {
                total += name.Length + 4;
                foreach (var value in values)
                {
                    total += value?.Length ?? 0;
                }
            }

            if (headers.Count > HeaderCount)
            {
                await BffProblems.HeadersTooLarge($"The request has more than {HeaderCount} headers.").ExecuteAsync(context);
                return;
            }

            if (total > HeaderBytes)
            {
                await BffProblems.HeadersTooLarge($"The request's headers total more than {HeaderBytes} bytes.").ExecuteAsync(context);
                return;
            }

            if (headers.Authorization.ToString().Length > AuthorizationBytes)
            {
                await BffProblems.HeadersTooLarge($"The Authorization header is longer than {AuthorizationBytes} bytes.").ExecuteAsync(context);
                return;
            }

            if (headers.TryGetValue(CorrelationId.Header, out var correlation) && !CorrelationId.IsValid(correlation.ToString()))
            {
                await BffProblems.Validation(CorrelationId.Header,
                    $"1 to {CorrelationId.MaxLength} characters of A-Z, a-z, 0-9, '-', '_', '.', ':'.").ExecuteAsync(context);
                return;
            }

            context.Response.Headers[CorrelationId.Header] = CorrelationId.Of(context);
            await next(context);
        });
}
