using System.Globalization;
using EduPlatform.Harness.Processes;

namespace EduPlatform.Harness.Infrastructure.Native;

/// <summary>
/// RabbitMQ from the operating system's release script, as a node of its own: its own node name,
/// AMQP, distribution, management and epmd ports, mnesia, log, plugin and cookie files, all in a
/// scratch folder. It never talks to a system-wide node or the system's epmd: it brings a private
/// epmd on a private port (ERL_EPMD_PORT). The management plugin is on so that virtual hosts (one
/// per test) are created over HTTP in milliseconds. It can be restarted with its data (<see cref="RestartAsync"/>):
/// the same node name, ports and mnesia folder, so durable queues, persistent messages and virtual hosts survive.
/// </summary>
internal sealed class NativeRabbitMqServer : NativeServer, IRabbitMqServer, IRestartableServer
{
    private const string User = "guest"; // RabbitMQ's default user, allowed on loopback only
    private const string Password = "guest";
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);

    // A clean stop writes the queues' indexes; killing the node instead would make the restart recover them (slower,
    // and a different test from the one asked for: "the broker restarted", not "the broker crashed").
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(30);

    private readonly ServerProcess _epmd;
    private readonly RabbitMqManagementApi _management;
    private readonly string _serverScript;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly SemaphoreSlim _restartLock = new(1, 1);

    private NativeRabbitMqServer(
        ServerProcess epmd, ServerProcess node, string folder, int amqpPort, int managementPort,
        string serverScript, IReadOnlyDictionary<string, string> environment)
        : base(node, folder, new ServerEndpoint("127.0.0.1", amqpPort, User, Password))
    {
        _epmd = epmd;
        _serverScript = serverScript;
        _environment = environment;
        ManagementPort = managementPort;
        _management = new RabbitMqManagementApi(new Uri($"http://127.0.0.1:{managementPort}/"), User, Password);
    }

    public int ManagementPort { get; }

    public Task CreateVirtualHostAsync(string name, CancellationToken cancellationToken) =>
        _management.CreateVirtualHostAsync(name, cancellationToken);

    public Task DeleteVirtualHostAsync(string name, CancellationToken cancellationToken) =>
        _management.DeleteVirtualHostAsync(name, cancellationToken);

    public static async Task<NativeRabbitMqServer> StartAsync(RabbitMqBinaries binaries, CancellationToken cancellationToken)
    {
        var folder = ScratchFolder.Create("rabbitmq");
        var epmdPort = FreePort.Next();
        var epmd = ServerProcess.Start(
            "epmd",
            binaries.Epmd,
            ["-port", epmdPort.ToString(CultureInfo.InvariantCulture), "-address", "127.0.0.1"],
            folder: null,
            gracefulSignal: UnixSignals.SigTerm);
        try
        {
            var (amqpPort, distributionPort, managementPort) = (FreePort.Next(), FreePort.Next(), FreePort.Next());
            var nodeName = $"workbook-{Path.GetFileName(folder)}@localhost";
            await File.WriteAllTextAsync(Path.Combine(folder, "enabled_plugins"), "[rabbitmq_management].", cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(folder, "rabbitmq.conf"), $"""
                listeners.tcp.default = 127.0.0.1:{amqpPort}
                management.tcp.ip = 127.0.0.1
                management.tcp.port = {managementPort}
                """, cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(folder, "rabbitmq-env.conf"), "", cancellationToken);

            var environment = new Dictionary<string, string>
            {
                ["HOME"] = folder, // the Erlang cookie is created here, not in the user's home
                ["ERL_EPMD_PORT"] = epmdPort.ToString(CultureInfo.InvariantCulture),
                ["ERL_CRASH_DUMP"] = Path.Combine(folder, "erl_crash.dump"),
                ["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(folder, "rabbitmq-env.conf"), // not /etc/rabbitmq's
                ["RABBITMQ_CONFIG_FILE"] = Path.Combine(folder, "rabbitmq"),
                ["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(folder, "advanced.config"),
                ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(folder, "enabled_plugins"),
                ["RABBITMQ_NODENAME"] = nodeName,
                ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
                ["RABBITMQ_NODE_PORT"] = amqpPort.ToString(CultureInfo.InvariantCulture),
                ["RABBITMQ_DIST_PORT"] = distributionPort.ToString(CultureInfo.InvariantCulture),
                ["RABBITMQ_MNESIA_BASE"] = Path.Combine(folder, "mnesia"),
                ["RABBITMQ_LOG_BASE"] = Path.Combine(folder, "log"),
                ["RABBITMQ_LOGS"] = "-", // to stdout, where the harness watches for the startup line
                ["RABBITMQ_PLUGINS_EXPAND_DIR"] = Path.Combine(folder, "plugins-expand"),
                ["RABBITMQ_PID_FILE"] = Path.Combine(folder, "rabbitmq.pid"),
            };

            var node = StartNode(binaries.ServerScript, environment, folder);
            var server = new NativeRabbitMqServer(epmd, node, folder, amqpPort, managementPort, binaries.ServerScript, environment);
            try
            {
                await WaitUntilReadyAsync(node, cancellationToken);
                return server;
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
        catch
        {
            await epmd.DisposeAsync();
            ScratchFolder.Delete(folder);
            throw;
        }
    }

    /// <summary>
    /// Stops the node gracefully (SIGTERM: it closes every connection and writes its queues to disk), waits
    /// <paramref name="downtime"/>, and starts it again with the same node name, ports and data folder. Its private
    /// epmd keeps running, as the machine's would.
    /// </summary>
    public async Task RestartAsync(TimeSpan downtime, CancellationToken cancellationToken)
    {
        await _restartLock.WaitAsync(cancellationToken);
        try
        {
            await Process.StopAsync(StopGrace);
            await Process.DisposeAsync();
            if (downtime > TimeSpan.Zero)
            {
                await Task.Delay(downtime, cancellationToken);
            }

            Process = StartNode(_serverScript, _environment, Folder);
            await WaitUntilReadyAsync(Process, cancellationToken);
        }
        finally
        {
            _restartLock.Release();
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await _restartLock.WaitAsync();
        _management.Dispose();
        await base.DisposeAsync(); // the node first: it deregisters from its epmd on the way out
        await _epmd.DisposeAsync();
        _restartLock.Dispose();
    }

    private static ServerProcess StartNode(string serverScript, IReadOnlyDictionary<string, string> environment, string folder) =>
        ServerProcess.Start("RabbitMQ", serverScript, [], environment, folder, UnixSignals.SigTerm);

    /// <summary>Readiness the way the Testcontainers module checks it: the "Server startup complete" line.</summary>
    private static async Task WaitUntilReadyAsync(ServerProcess node, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReadyTimeout);
        var started = node.WaitForLineAsync("Server startup complete", timeout.Token);
        var crashed = node.WaitForLineAsync("Kernel pid terminated", timeout.Token);
        var exited = node.WaitForExitAsync(timeout.Token);
        await Task.WhenAny(started, crashed, exited);
        if (started.IsCompletedSuccessfully)
        {
            return;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var reason = crashed.IsCompletedSuccessfully || exited.IsCompletedSuccessfully
            ? "RabbitMQ failed to start"
            : $"RabbitMQ did not print 'Server startup complete' within {ReadyTimeout.TotalSeconds:0} s";
        throw new InfrastructureUnavailableException($"{reason}. Its log:{Environment.NewLine}{node.OutputTail(80)}");
    }
}
