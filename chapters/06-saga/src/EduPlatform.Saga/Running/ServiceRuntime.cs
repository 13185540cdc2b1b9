using EduPlatform.Saga.Messaging;
using Microsoft.Extensions.Logging;
using Npgsql;
using RabbitMQ.Client;

namespace EduPlatform.Saga.Running;

/// <summary>
/// One service of the saga as a process would run it: its own broker connection, its queue's consumer, its outbox
/// relay, and for the front service its timeout scheduler and dead-letter archive. <see cref="Crash"/> makes it die as
/// a killed process does (connection dropped, nothing more acknowledged, background work cut off) and come back.
/// </summary>
public sealed class ServiceRuntime : IAsyncDisposable
{
    private readonly SagaNodeOptions _options;
    private readonly NpgsqlDataSource _database;
    private readonly IMessageHandler? _handler;
    private readonly Func<CancellationToken, Task>? _background;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private IConnection? _connection;
    private CancellationTokenSource _running = new();
    private Task[] _loops = [];
    private int _crashes;
    private bool _disposed;

    public ServiceRuntime(
        string name, string schema, SagaNodeOptions options, NpgsqlDataSource database, IMessageHandler? handler,
        IDeadLetterOwner? deadLetterOwner, Func<CancellationToken, Task>? background, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        Name = name;
        Schema = schema;
        _options = options;
        _database = database;
        _handler = handler;
        _background = background;
        _logger = loggers.CreateLogger($"EduPlatform.Saga.{name}");
        Relay = new OutboxRelay(schema, database, options.Chaos, options.Clock, _logger);
        DeadLetters = deadLetterOwner is null ? null : new DeadLetterArchive(schema, database, deadLetterOwner, Relay, options.Clock, _logger);
    }

    public string Name { get; }

    public string Schema { get; }

    public OutboxRelay Relay { get; }

    public DeadLetterArchive? DeadLetters { get; }

    /// <summary>How often this service has crashed (and come back) so far.</summary>
    public int Crashes => Volatile.Read(ref _crashes);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _lifecycle.WaitAsync(cancellationToken);
        try
        {
            await StartCoreAsync(cancellationToken);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Dies (as a SIGKILL would: the connection aborts, unacknowledged deliveries go back to the queue) and restarts.</summary>
    public void Crash(string why) => _ = Task.Run(async () =>
    {
        await _lifecycle.WaitAsync();
        try
        {
            if (_disposed)
            {
                return;
            }

            Interlocked.Increment(ref _crashes);
            _logger.LogWarning("{Service} crashes: {Why}", Name, why);
            await StopCoreAsync(abort: true);
            await StartCoreAsync(CancellationToken.None);
        }
#pragma warning disable CA1031 // a crash that cannot restart is logged; the test or claim sees the saga stall
        catch (Exception exception)
#pragma warning restore CA1031
        {
            _logger.LogError(exception, "{Service} could not restart after a crash", Name);
        }
        finally
        {
            _lifecycle.Release();
        }
    });

    public async ValueTask DisposeAsync()
    {
        await _lifecycle.WaitAsync();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            await StopCoreAsync(abort: false);
            Relay.Dispose();
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        _running = new CancellationTokenSource();
        _connection = await BrokerConnection.OpenAsync(_options.RabbitMq, Name, _options.Concurrency, cancellationToken);
        var loops = new List<Task> { Relay.RunAsync(_connection, _running.Token) };
        if (_handler is not null)
        {
            var consumer = new MessageConsumer(Name, Schema, _database, _handler, Relay, _options.MaxAttempts, _options.Faults, _options.Clock, Crash, _logger);
            await consumer.StartAsync(_connection, _options.Prefetch, _options.Concurrency, cancellationToken);
        }

        if (DeadLetters is not null)
        {
            await DeadLetters.StartAsync(_connection, cancellationToken);
        }

        if (_background is not null)
        {
            loops.Add(_background(_running.Token));
        }

        _loops = loops.ToArray();
    }

    private async Task StopCoreAsync(bool abort)
    {
        await _running.CancelAsync();
        if (_connection is not null)
        {
            try
            {
                if (abort)
                {
                    await _connection.AbortAsync();
                }
                else
                {
                    await _connection.CloseAsync();
                }
            }
#pragma warning disable CA1031 // a connection the broker already dropped may throw on close; it is closed either way
            catch (Exception)
#pragma warning restore CA1031
            {
            }

            await _connection.DisposeAsync();
            _connection = null;
        }

        await Task.WhenAll(_loops.Select(loop => loop.ContinueWith(_ => { }, TaskScheduler.Default)));
        _running.Dispose();
    }
}
