using System.Globalization;
using EduPlatform.Harness.Processes;

namespace EduPlatform.Gateway.Benchmarks;

/// <summary>
/// nginx (<c>/usr/sbin/nginx</c>) as a plain reverse proxy in front of one upstream: its own prefix,
/// configuration and logs in a temporary folder, run in the foreground as a child process of this
/// program (never the system service), stopped by its own process group.
/// </summary>
internal sealed class NginxProcess : IAsyncDisposable
{
    public const string Path = "/usr/sbin/nginx";

    private readonly ServerProcess _process;
    private readonly string _folder;

    private NginxProcess(ServerProcess process, string folder, int port)
    {
        _process = process;
        _folder = folder;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    public Uri BaseAddress { get; }

    /// <summary>The configuration a team would write for the same job: keep-alive to the upstream, no buffering games, no access log.</summary>
    public static string Configuration(string folder, int port, Uri upstream) => string.Create(CultureInfo.InvariantCulture, $$"""
        daemon off;
        worker_processes auto;
        pid {{folder}}/nginx.pid;
        error_log {{folder}}/error.log warn;
        events { worker_connections 4096; }
        http {
          access_log off;
          client_body_temp_path {{folder}}/client_body;
          proxy_temp_path {{folder}}/proxy;
          fastcgi_temp_path {{folder}}/fastcgi;
          uwsgi_temp_path {{folder}}/uwsgi;
          scgi_temp_path {{folder}}/scgi;
          upstream backend { server {{upstream.Host}}:{{upstream.Port}}; keepalive 64; }
          server {
            listen 127.0.0.1:{{port}};
            location / {
              proxy_pass http://backend;
              proxy_http_version 1.1;
              proxy_set_header Connection "";
              proxy_set_header X-Forwarded-For $remote_addr;
            }
          }
        }
        """);

    public static async Task<NginxProcess> StartAsync(Uri upstream, CancellationToken cancellationToken)
    {
        var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"eduplatform-nginx-{Environment.ProcessId}-{Guid.NewGuid():N}"[..48]);
        Directory.CreateDirectory(folder);
        var port = FreePort.Next();
        var config = System.IO.Path.Combine(folder, "nginx.conf");
        await File.WriteAllTextAsync(config, Configuration(folder, port, upstream), cancellationToken);
        var process = ServerProcess.Start("nginx", Path, ["-p", folder, "-c", config, "-e", System.IO.Path.Combine(folder, "error.log")], folder: folder);
        var nginx = new NginxProcess(process, folder, port);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var response = await client.GetAsync(new Uri(nginx.BaseAddress, "/health/ready"), cancellationToken);
                return nginx;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100, cancellationToken);
            }
        }

        await nginx.DisposeAsync();
        throw new InvalidOperationException($"nginx did not start: {process.OutputTail()}");
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // The reaper removes it if we could not.
        }
    }
}
