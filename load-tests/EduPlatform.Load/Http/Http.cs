using System.Buffers;
using System.Globalization;
using System.Net.Sockets;

namespace EduPlatform.Load;

/// <summary>
/// HTTP helpers shaped like NBomber.Http: <c>Http.CreateRequest("GET", url)</c>, <c>Http.Send(client, request, ctx)</c>.
/// Create one client per scenario (in init) and share it: one SocketsHttpHandler, one bounded
/// connection pool. Any HTTP status is a measured outcome; 2xx/3xx are ok, the rest fail.
/// </summary>
public static class Http
{
    public static HttpClient CreateClient(HttpClientLimits? limits = null)
    {
        limits ??= new HttpClientLimits();
#pragma warning disable CA2000 // The client owns the handler (disposeHandler: true).
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = limits.MaxConnectionsPerServer,
            ConnectTimeout = limits.ConnectTimeout,
            PooledConnectionLifetime = limits.PooledConnectionLifetime,
            PooledConnectionIdleTimeout = limits.PooledConnectionIdleTimeout,
            UseCookies = false,
            AllowAutoRedirect = false,
            UseProxy = false,
        };
#pragma warning restore CA2000
        return new HttpClient(handler, disposeHandler: true) { Timeout = limits.RequestTimeout };
    }

    public static HttpRequestMessage CreateRequest(string method, string url) => new(new HttpMethod(method), url);

    /// <summary>Sends, reads the whole body (counting bytes, keeping none) and turns the outcome into a <see cref="Response"/>.</summary>
    public static async Task<Response> Send(HttpClient client, HttpRequestMessage request, ScenarioContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return await Send(client, request, context.CancellationToken);
    }

    public static Task<Response> Send(HttpClient client, HttpRequestMessage request, CancellationToken cancellationToken) =>
        SendCore(client, request, async response =>
        {
            var bytes = await CountBody(response, cancellationToken);
            var code = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
            return (int)response.StatusCode < 400
                ? Response.Ok(code, bytes)
                : Response.Fail(code, bytes, response.ReasonPhrase);
        }, cancellationToken);

    /// <summary>
    /// Sends, reads the whole body into memory (so keep it to small answers) and lets <paramref name="judge"/> turn
    /// the response and its body into the <see cref="Response"/>: to look inside an answer, e.g. label a 503 by the
    /// problem type it carries, as k6's checks do. Timeouts and socket errors fail as in <see cref="Send(HttpClient, HttpRequestMessage, ScenarioContext)"/>.
    /// </summary>
    public static async Task<Response> Send(HttpClient client, HttpRequestMessage request,
        Func<HttpResponseMessage, byte[], Response> judge, ScenarioContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return await Send(client, request, judge, context.CancellationToken);
    }

    public static Task<Response> Send(HttpClient client, HttpRequestMessage request,
        Func<HttpResponseMessage, byte[], Response> judge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(judge);
        return SendCore(client, request, async response =>
            judge(response, await response.Content.ReadAsByteArrayAsync(cancellationToken)), cancellationToken);
    }

    private static async Task<Response> SendCore(HttpClient client, HttpRequestMessage request,
        Func<HttpResponseMessage, Task<Response>> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return await read(response);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Response.Fail("timeout", message: $"no response within {client.Timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException ex) when (ex.InnerException is SocketException socket)
        {
            return Response.Fail($"socket:{socket.SocketErrorCode}", message: ex.Message);
        }
        catch (HttpRequestException ex)
        {
            return Response.Fail("http-error", message: ex.Message);
        }
    }

    private static async Task<long> CountBody(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            long total = 0;
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
            }

            return total;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
