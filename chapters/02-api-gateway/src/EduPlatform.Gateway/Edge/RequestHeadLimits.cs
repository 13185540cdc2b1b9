using System.Buffers;
using System.Text;
using EduPlatform.Gateway.Configuration;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace EduPlatform.Gateway.Edge;

/// <summary>
/// What the gateway refuses about a request's head before routing, each as a problem that says why: a request target
/// (path and query) over <see cref="GatewayOptions.MaxRequestTargetBytes"/> is 414; header names and values over
/// <see cref="GatewayOptions.MaxRequestHeadersBytes"/>, or more than <see cref="GatewayOptions.MaxRequestHeaderCount"/>
/// fields, is 431; a header value with a control character (RFC 9110 §5.5: invalid) is 400. Kestrel's own limits are
/// set at twice these (GatewayHost), because what Kestrel refuses itself gets an empty body: between the two, the
/// caller learns which limit it crossed. Values that are not ASCII are not refused: they travel on as the UTF-8 they
/// arrived in (GatewayHost), as RFC 9110 asks of a recipient (opaque data).
/// </summary>
public sealed class RequestHeadLimits(RequestDelegate next, IOptions<GatewayOptions> options)
{
    /// <summary>C0 controls and DEL, but horizontal tab, which field values may contain.</summary>
    private static readonly SearchValues<char> Controls = SearchValues.Create(
        Enumerable.Range(0, 0x20).Where(code => code != '\t').Select(code => (char)code).Append('\u007f').ToArray());

    private readonly GatewayOptions _limits = options.Value;

    public Task InvokeAsync(HttpContext context)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
        if (Encoding.UTF8.GetByteCount(target) > _limits.MaxRequestTargetBytes)
        {
            return GatewayProblem.WriteAsync(context, StatusCodes.Status414UriTooLong, "Request target too long",
                $"The gateway accepts paths with their query of up to {_limits.MaxRequestTargetBytes} bytes.");
        }

        var (fields, bytes, invalid) = (0, 0L, (string?)null);
        foreach (var (name, values) in context.Request.Headers)
        {
            foreach (var value in values)
            {
                fields++;
                bytes += name.Length + Encoding.UTF8.GetByteCount(value ?? "");
                if (invalid is null && value is not null && value.AsSpan().ContainsAny(Controls))
                {
                    invalid = name;
                }
            }
        }

        if (fields > _limits.MaxRequestHeaderCount || bytes > _limits.MaxRequestHeadersBytes)
        {
            return GatewayProblem.WriteAsync(context, StatusCodes.Status431RequestHeaderFieldsTooLarge, "Request headers too large",
                $"The gateway accepts up to {_limits.MaxRequestHeaderCount} header fields of up to {_limits.MaxRequestHeadersBytes} bytes together.");
        }

        return invalid is null
            ? next(context)
            : GatewayProblem.WriteAsync(context, StatusCodes.Status400BadRequest, "Invalid header value",
                $"The value of the {invalid} header contains a control character.");
    }
}
