using EduPlatform.Cqrs.ReadModels;
using Npgsql;

namespace EduPlatform.Cqrs.Testing.Workloads;

/// <summary>How hostile the writers are. Every option has a default (the claim's values).</summary>
public sealed record WriterSettings
{
    public int Writers { get; init; } = 8;

    /// <summary>Courses the writers' students enroll in (shared by all writers). Default 20.</summary>
    public int Courses { get; init; } = 20;

    /// <summary>Enrollments each writer keeps in play. Default 40.</summary>
    public int EnrollmentsPerWriter { get; init; } = 40;

    /// <summary>Events per append (1 to this many). Default 5.</summary>
    public int MaxEventsPerAppend { get; init; } = 5;

    /// <summary>Appends, to different streams, in one transaction (1 to this many). Default 3.</summary>
    public int MaxAppendsPerTransaction { get; init; } = 3;

    /// <summary>After each append the writer sleeps 0 to this many ms, inside the open transaction. Default 2.</summary>
    public int MaxSleepMs { get; init; } = 2;

    /// <summary>Share of transactions rolled back at the end instead of committed. Default 5 %.</summary>
    public double RollbackRate { get; init; } = 0.05;

    public int Seed { get; init; } = 2024;
}

/// <summary>What one writer's transaction did.</summary>
public sealed record TransactionOutcome(bool Committed, int Events);

/// <summary>
/// Concurrent writers that make commit order as unlike position order as they can: each transaction appends to one
/// to three streams, sleeps a random moment after each append while still holding the transaction open, and 5 % of
/// the transactions roll back at the end. Against chapter 04's store (<see cref="EventStoreLog"/>) and against the
/// naive <c>bigserial</c> log (<see cref="NaiveLog"/>) alike. Each writer is used by one caller at a time.
/// </summary>
public sealed class TransactionalWriters
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly IEventLog _log;
    private readonly WriterSettings _settings;
    private readonly EnrollmentScript[] _scripts;
    private readonly Random[] _randoms;
    private long _committedEvents;
    private long _committed;
    private long _rolledBack;

    public TransactionalWriters(NpgsqlDataSource dataSource, IEventLog log, WriterSettings? settings = null)
    {
        _dataSource = dataSource;
        _log = log;
        _settings = settings ?? new WriterSettings();
        _randoms = Enumerable.Range(0, _settings.Writers).Select(i => new Random(_settings.Seed + i)).ToArray();
        _scripts = Enumerable.Range(0, _settings.Writers)
            .Select(i => new EnrollmentScript($"w{i}", _settings.Courses, _settings.EnrollmentsPerWriter, _randoms[i]))
            .ToArray();
    }

    public WriterSettings Settings => _settings;

    public long CommittedEvents => Interlocked.Read(ref _committedEvents);

    public long CommittedTransactions => Interlocked.Read(ref _committed);

    public long RolledBackTransactions => Interlocked.Read(ref _rolledBack);

    /// <summary>One transaction of writer <paramref name="writer"/> (0-based): commits, or rolls back by chance.</summary>
    public async Task<TransactionOutcome> WriteTransactionAsync(int writer, CancellationToken cancellationToken)
    {
        var script = _scripts[writer];
        var random = _randoms[writer];
        var plans = new List<PlannedAppend>();
        var busy = new HashSet<EnrollmentKey>();
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var appends = 1 + random.Next(_settings.MaxAppendsPerTransaction);
        for (var i = 0; i < appends; i++)
        {
            var plan = script.Plan(_settings.MaxEventsPerAppend, busy);
            busy.Add(plan.Key);
            await _log.AppendAsync(connection, transaction, plan, cancellationToken);
            plans.Add(plan);
            if (random.Next(_settings.MaxSleepMs + 1) is var sleep and > 0)
            {
                await Task.Delay(sleep, cancellationToken);
            }
        }

        var events = plans.Sum(p => p.Events.Count);
        if (random.NextDouble() < _settings.RollbackRate)
        {
            await transaction.RollbackAsync(cancellationToken);
            Interlocked.Increment(ref _rolledBack);
            return new TransactionOutcome(false, events);
        }

        await transaction.CommitAsync(cancellationToken);
        foreach (var plan in plans)
        {
            script.Accept(plan);
        }

        Interlocked.Increment(ref _committed);
        Interlocked.Add(ref _committedEvents, events);
        return new TransactionOutcome(true, events);
    }

    /// <summary>The standalone driver (tests): every writer writes transactions until <paramref name="events"/> are committed in all.</summary>
    public Task RunAsync(long events, CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, _settings.Writers).Select(writer => Task.Run(async () =>
        {
            while (CommittedEvents < events)
            {
                await WriteTransactionAsync(writer, cancellationToken);
            }
        }, cancellationToken)));
}
