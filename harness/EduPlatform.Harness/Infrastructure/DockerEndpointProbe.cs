using System.Net.Sockets;

namespace EduPlatform.Harness.Infrastructure;

/// <summary>
/// Asks a Docker engine whether it is there (<c>GET /_ping</c>), without throwing. The docker CLI
/// being installed proves nothing; only an engine that answers can run Testcontainers.
/// </summary>
public static class DockerEndpointProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    /// <summary>The endpoints tried, in order: DOCKER_HOST, then the usual local sockets.</summary>
    public static IReadOnlyList<string> CandidateEndpoints()
    {
        var endpoints = new List<string>();
        var dockerHost = Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (!string.IsNullOrWhiteSpace(dockerHost))
        {
            endpoints.Add(dockerHost.Trim());
        }

        if (OperatingSystem.IsWindows())
        {
            endpoints.Add("npipe://./pipe/docker_engine");
        }
        else
        {
            endpoints.Add("unix:///var/run/docker.sock");
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            endpoints.Add($"unix://{home}/.docker/run/docker.sock");
            endpoints.Add($"unix://{home}/.colima/default/docker.sock");
        }

        return endpoints;
    }

    /// <summary>The first endpoint whose engine answers the ping, or null when none does.</summary>
    public static string? FindAnsweringEndpoint() => CandidateEndpoints().FirstOrDefault(Answers);

    public static bool Answers(string endpoint)
    {
        try
        {
            using var cancellation = new CancellationTokenSource(Timeout);
            return PingAsync(endpoint, cancellation.Token).GetAwaiter().GetResult();
        }
#pragma warning disable CA1031 // A probe reports "no" for every failure: that is its whole job.
        catch (Exception)
#pragma warning restore CA1031
        {
            return false;
        }
    }

    private static async Task<bool> PingAsync(string endpoint, CancellationToken cancellationToken)
    {
        var uri = new Uri(endpoint);
        SocketsHttpHandler handler;
        Uri pingUri;
        switch (uri.Scheme)
        {
            case "unix":
                if (!File.Exists(uri.AbsolutePath))
                {
                    return false;
                }

                handler = new SocketsHttpHandler
                {
                    ConnectCallback = async (_, token) =>
                    {
                        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                        try
                        {
                            await socket.ConnectAsync(new UnixDomainSocketEndPoint(uri.AbsolutePath), token);
                            return new NetworkStream(socket, ownsSocket: true);
                        }
                        catch
                        {
                            socket.Dispose();
                            throw;
                        }
                    },
                };
                pingUri = new Uri("http://docker/_ping");
                break;
            case "tcp":
            case "http":
            case "https":
                handler = new SocketsHttpHandler();
                pingUri = new Uri($"{(uri.Scheme == "https" ? "https" : "http")}://{uri.Host}:{uri.Port}/_ping");
                break;
            case "npipe":
                var pipeName = uri.AbsolutePath.Replace("/pipe/", "", StringComparison.Ordinal).Trim('/');
                handler = new SocketsHttpHandler
                {
                    ConnectCallback = async (_, token) =>
                    {
                        var pipe = new System.IO.Pipes.NamedPipeClientStream(
                            ".", pipeName, System.IO.Pipes.PipeDirection.InOut, System.IO.Pipes.PipeOptions.Asynchronous);
                        await pipe.ConnectAsync(token);
                        return pipe;
                    },
                };
                pingUri = new Uri("http://docker/_ping");
                break;
            default:
                return false;
        }

        using var client = new HttpClient(handler) { Timeout = Timeout };
        using var response = await client.GetAsync(pingUri, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return response.IsSuccessStatusCode && body.Trim() == "OK";
    }
}
