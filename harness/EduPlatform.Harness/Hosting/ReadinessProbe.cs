using System.Net;
using System.Net.Sockets;

namespace EduPlatform.Harness.Hosting;

/// <summary>
/// How the host decides a started instance is ready to take traffic. Polled every 50 ms until it
/// passes or <see cref="ServiceHostOptions.StartTimeout"/> runs out.
/// </summary>
public sealed class ReadinessProbe
{
    private ReadinessProbe(string? path, bool notFoundMeansReady)
    {
        Path = path;
        NotFoundMeansReady = notFoundMeansReady;
    }

    /// <summary>
    /// The default: <c>GET /health/ready</c> must answer 2xx; an app without that endpoint (404)
    /// counts as ready once it answers at all, which is the TCP-connect fallback.
    /// </summary>
    public static ReadinessProbe Default { get; } = new("/health/ready", notFoundMeansReady: true);

    /// <summary>Ready when a TCP connection to the port succeeds.</summary>
    public static ReadinessProbe TcpConnect { get; } = new(path: null, notFoundMeansReady: true);

    /// <summary>Ready when <c>GET path</c> answers 2xx; anything else (404 included) is not ready.</summary>
    public static ReadinessProbe Http(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new ReadinessProbe(path, notFoundMeansReady: false);
    }

    /// <summary>The probed path, or null for a TCP-connect probe.</summary>
    public string? Path { get; }

    private bool NotFoundMeansReady { get; }

    public override string ToString() => Path is null ? "TCP connect" : $"GET {Path}";

    internal async Task<bool> IsReadyAsync(int port, HttpClient http, CancellationToken cancellationToken)
    {
        if (Path is null)
        {
            return await AcceptsConnectionsAsync(port, cancellationToken);
        }

        try
        {
            using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}{Path}"), cancellationToken);
            return response.IsSuccessStatusCode
                   || (NotFoundMeansReady && response.StatusCode == HttpStatusCode.NotFound);
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false; // this attempt timed out; the next one may not
        }
    }

    /// <summary>True when something listens on 127.0.0.1:<paramref name="port"/>.</summary>
    internal static async Task<bool> AcceptsConnectionsAsync(int port, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Polls until ready; throws <see cref="TimeoutException"/> with <paramref name="describe"/>'s text otherwise.</summary>
    internal async Task WaitAsync(int port, TimeSpan timeout, Func<bool> gaveUp, Func<string> describe,
        CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (true)
            {
                if (gaveUp())
                {
                    throw new InvalidOperationException($"The service stopped before it was ready ({this} on port {port}). {describe()}");
                }

                if (await IsReadyAsync(port, http, deadline.Token))
                {
                    return;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The service was not ready within {timeout.TotalSeconds:0.#} s ({this} on port {port}). {describe()}");
        }
    }
}
