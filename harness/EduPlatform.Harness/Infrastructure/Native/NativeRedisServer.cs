using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using EduPlatform.Harness.Processes;

namespace EduPlatform.Harness.Infrastructure.Native;

/// <summary>
/// redis-server from the operating system, on a free loopback port, with persistence off and
/// <see cref="Databases"/> logical databases so every test can have its own.
/// </summary>
internal sealed class NativeRedisServer : NativeServer
{
    /// <summary>Logical databases: one per concurrently running test, reused after a FLUSHDB.</summary>
    public const int Databases = 256;

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);

    private NativeRedisServer(ServerProcess process, string folder, int port)
        : base(process, folder, new ServerEndpoint("127.0.0.1", port, "", ""))
    {
    }

    public static async Task<NativeRedisServer> StartAsync(RedisBinaries binaries, CancellationToken cancellationToken)
    {
        var folder = ScratchFolder.Create("redis");
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Next();
            var process = ServerProcess.Start(
                "Redis",
                binaries.RedisServer,
                ["--port", port.ToString(CultureInfo.InvariantCulture),
                 "--bind", "127.0.0.1",
                 "--dir", folder,
                 "--save", "",
                 "--appendonly", "no",
                 "--daemonize", "no",
                 "--protected-mode", "no",
                 "--databases", Databases.ToString(CultureInfo.InvariantCulture)],
                folder: folder,
                gracefulSignal: UnixSignals.SigTerm);
            if (await WaitUntilReadyAsync(process, port, cancellationToken))
            {
                return new NativeRedisServer(process, folder, port);
            }

            await process.DisposeAsync(); // waits for its output to drain, so the log is complete
            var log = process.OutputTail();
            if (!log.Contains("Address already in use", StringComparison.OrdinalIgnoreCase) || attempt == attempts)
            {
                ScratchFolder.Delete(folder);
                throw new InfrastructureUnavailableException(
                    $"redis-server did not answer PING on 127.0.0.1:{port} within {ReadyTimeout.TotalSeconds:0} s. " +
                    $"Its log:{Environment.NewLine}{log}");
            }
        }
    }

    /// <summary>Readiness the way the Testcontainers module checks it: PING answers PONG.</summary>
    private static async Task<bool> WaitUntilReadyAsync(ServerProcess process, int port, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < ReadyTimeout && !process.HasExited)
        {
            if (await AnswersPingAsync(port, cancellationToken))
            {
                return true;
            }

            await Task.Delay(50, cancellationToken);
        }

        return false;
    }

    private static async Task<bool> AnswersPingAsync(int port, CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port, cancellationToken);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), cancellationToken);
            var buffer = new byte[64];
            var read = await stream.ReadAsync(buffer, cancellationToken);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
