using System.Diagnostics;
using System.Globalization;
using EduPlatform.Harness.Processes;

namespace EduPlatform.Harness.Infrastructure.Native;

/// <summary>
/// PostgreSQL from the operating system's binaries: a throwaway cluster (initdb) in a scratch
/// folder, the postmaster on a free loopback port with fsync off (tests need speed, not crash safety
/// against power loss; a killed process still loses nothing it acknowledged), password
/// authentication over TCP exactly as the container image has it (postgres/postgres).
/// </summary>
internal sealed class NativePostgresServer : NativeServer
{
    private const string User = "postgres";
    private const string Password = "postgres";
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    private NativePostgresServer(ServerProcess process, string folder, int port)
        : base(process, folder, new ServerEndpoint("127.0.0.1", port, User, Password))
    {
    }

    public static async Task<NativePostgresServer> StartAsync(PostgresBinaries binaries, CancellationToken cancellationToken)
    {
        // PostgreSQL refuses to run as root; when we are root it runs as the `postgres` user, which
        // the distribution's package creates.
        var runAs = UnixSignals.IsRoot ? User : null;
        var folder = ScratchFolder.Create("postgres");
        try
        {
            if (runAs is not null && !OperatingSystem.IsWindows())
            {
                // The server (as postgres) writes its data, socket and log below a folder root made.
                File.SetUnixFileMode(folder, (UnixFileMode)0b111_111_111);
            }

            var dataDirectory = Path.Combine(folder, "data");
            var passwordFile = Path.Combine(folder, "password");
            await File.WriteAllTextAsync(passwordFile, Password, cancellationToken);

            var initDb = await OneShotCommand.RunAsync(
                binaries.InitDb,
                ["-D", dataDirectory, "-U", User, $"--pwfile={passwordFile}", "--auth-host=scram-sha-256",
                 "--auth-local=trust", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"],
                runAs,
                cancellationToken: cancellationToken);
            if (!initDb.Succeeded)
            {
                throw new InfrastructureUnavailableException(
                    $"initdb failed (exit {initDb.ExitCode}) in {folder}:{Environment.NewLine}{initDb.Output}");
            }

            return await StartPostmasterAsync(binaries, folder, dataDirectory, runAs, cancellationToken);
        }
        catch
        {
            ScratchFolder.Delete(folder);
            throw;
        }
    }

    private static async Task<NativePostgresServer> StartPostmasterAsync(
        PostgresBinaries binaries, string folder, string dataDirectory, string? runAs, CancellationToken cancellationToken)
    {
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Next();
            var process = ServerProcess.Start(
                "PostgreSQL",
                binaries.Postgres,
                ["-D", dataDirectory, "-p", port.ToString(CultureInfo.InvariantCulture),
                 "-c", "listen_addresses=127.0.0.1",
                 "-c", $"unix_socket_directories={folder}",
                 "-c", "fsync=off",
                 "-c", "max_connections=500",
                 "-c", "shared_buffers=128MB"],
                folder: folder,
                gracefulSignal: UnixSignals.SigInt, // "fast shutdown": roll back open transactions, exit
                runAs: runAs);

            var server = new NativePostgresServer(process, folder, port);
            if (await WaitUntilReadyAsync(binaries, process, port, cancellationToken))
            {
                return server;
            }

            await process.DisposeAsync(); // waits for its output to drain, so the log is complete
            var log = process.OutputTail();
            var portTaken = log.Contains("could not bind", StringComparison.OrdinalIgnoreCase);
            if (!portTaken || attempt == attempts)
            {
                throw new InfrastructureUnavailableException(
                    $"PostgreSQL did not become ready on 127.0.0.1:{port} within {ReadyTimeout.TotalSeconds:0} s. " +
                    $"Its log:{Environment.NewLine}{log}");
            }
        }
    }

    /// <summary>Readiness the way the Testcontainers module checks it: pg_isready answers 0.</summary>
    private static async Task<bool> WaitUntilReadyAsync(
        PostgresBinaries binaries, ServerProcess process, int port, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < ReadyTimeout && !process.HasExited)
        {
            var probe = await OneShotCommand.RunAsync(
                binaries.PgIsReady,
                ["-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-U", User, "-d", "postgres", "-t", "1"],
                cancellationToken: cancellationToken);
            if (probe.Succeeded)
            {
                return true;
            }

            await Task.Delay(100, cancellationToken);
        }

        return false;
    }
}
