using System.Diagnostics;
using EduPlatform.EventStore;
using EduPlatform.EventStore.Testing;
using EduPlatform.Harness.Infrastructure;
using EduPlatform.Load;
using EduPlatform.Load.Proving;
using Npgsql;

namespace EduPlatform.EventStore.Claims;

// Chapter 04, the event store. Each claim runs its workload (chapters/04-event-store/tests/
// EduPlatform.EventStore.Testing, the same code the chapter's tests run) under the load engine against
// a fresh PostgreSQL database with the store's schema, then checks the claim on what was stored.
// They are correctness claims: their checks are enforced in quick mode too.

/// <summary>50 concurrent read-then-append writers on one stream lose no update.</summary>
public sealed class EventStoreNoLostUpdateClaim : IClaim
{
    public string Name => "04-no-lost-update";

    public string Chapter => "04";

    public string Statement =>
        "50 concurrent writers read-then-append to one stream with the version they read as expected version and retry on "
        + "conflict: the final version equals the number of successful appends, every conflict is detected, no duplicate, no gap.";

    public async Task<ClaimResult> RunAsync(ClaimContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var store = await EventStoreDatabase.CreateAsync(context.CancellationToken);
        var workload = new NoLostUpdateScenario(store.Store);
        const int writers = 50;

        var scenario = Scenario.Create("read-then-append", async ctx =>
            {
                var conflicts = await workload.DecideAndAppendAsync($"writer-{ctx.CopyNumber}", ctx.CancellationToken);
                return Response.Ok(statusCode: conflicts == 0 ? "first-try" : "after-conflicts");
            })
            .WithLoadSimulations(Simulation.IterationsForConstant(copies: writers, iterations: context.Pick(600, 150)))
            .WithThresholds(Threshold.Parse("rate==0"));
        var clock = Stopwatch.StartNew();
        await context.RunAsync(scenario);

        Check(context, await workload.VerifyAsync(writers, clock.Elapsed, context.CancellationToken));
        return context.Complete();
    }

    internal static void Check(ClaimContext context, ClaimVerification verification) =>
        context.Check(
            verification.Claim,
            verification.Holds,
            verification.Holds ? verification.FiguresLine : string.Join("; ", verification.Violations.Take(5)));
}

/// <summary>A restarted subscription still sees every event once, in order, with no gap.</summary>
public sealed class EventStoreSubscriptionCompletenessClaim : IClaim
{
    public string Name => "04-subscription-completeness";

    public string Chapter => "04";

    public string Statement =>
        "While writers append at a steady rate over 100 streams, a catch-up subscription killed and restarted three times "
        + "mid-run feeds an idempotent projection that applies every acknowledged event exactly once, in global order, with no gap.";

    public async Task<ClaimResult> RunAsync(ClaimContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var store = await EventStoreDatabase.CreateAsync(context.CancellationToken);
        var workload = new SubscriptionCompletenessScenario(store.DataSource, store.Store);
        await workload.InitializeAsync(context.CancellationToken);
        var duration = context.Duration(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5));

        var scenario = Scenario.Create("append", async ctx =>
            {
                await workload.AppendAsync("writer", (int)ctx.InvocationNumber, ctx.CancellationToken);
                return Response.Ok();
            })
            .WithLoadSimulations(Simulation.Inject(context.Pick(150, 100), TimeSpan.FromSeconds(1), duration))
            .WithThresholds(Threshold.Parse("rate==0"));
        var clock = Stopwatch.StartNew();
        var writing = context.RunAsync(scenario);
        var projecting = workload.RunProjectionAsync(
            restarts: 3, restartEvery: duration / 4, writing, context.CancellationToken, restart => MarkRestart(context, restart));
        await writing;
        await projecting;

        EventStoreNoLostUpdateClaim.Check(context, await workload.VerifyAsync(clock.Elapsed, context.CancellationToken));
        return context.Complete();
    }

    private static void MarkRestart(ClaimContext context, int restart)
    {
        try
        {
            context.MarkEvent($"subscription killed and restarted ({restart})");
        }
        catch (InvalidOperationException)
        {
            // the load run had already ended: the restart still happened, only the chart misses it
        }
    }
}

/// <summary>Connections cut mid-append lose no acknowledged event and split no batch.</summary>
public sealed class EventStoreDurabilityClaim : IClaim
{
    public string Name => "04-durability-under-connection-resets";

    public string Chapter => "04";

    public string Statement =>
        "While the harness's TCP fault proxy resets every open connection at irregular moments, every acknowledged event is "
        + "stored, every unacknowledged batch is stored entirely or not at all, and re-sending it with the same ids stores it once.";

    public async Task<ClaimResult> RunAsync(ClaimContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var store = await EventStoreDatabase.CreateAsync(context.CancellationToken);
        await using var workload = DurabilityUnderConnectionResetsScenario.Start(store.ConnectionString);

        var scenario = Scenario.Create("append-through-proxy", async ctx =>
                await workload.AppendAsync($"writer-{ctx.CopyNumber}", (int)ctx.InvocationNumber, ctx.CancellationToken)
                    ? Response.Ok()
                    : Response.Fail(statusCode: "connection-reset"))
            .WithLoadSimulations(Simulation.IterationsForConstant(copies: 6, iterations: context.Pick(1_500, 300)));
        var clock = Stopwatch.StartNew();
        var writing = context.RunAsync(scenario);
        await workload.ResetConnectionsAsync(TimeSpan.FromMilliseconds(150), writing, context.CancellationToken);
        await writing;

        EventStoreNoLostUpdateClaim.Check(context, await workload.VerifyAsync(clock.Elapsed, context.CancellationToken));
        return context.Complete();
    }
}

/// <summary>A PostgreSQL from the harness with one fresh database holding the event store's schema.</summary>
internal sealed class EventStoreDatabase : IAsyncDisposable
{
    private readonly WorkbookInfrastructure _infrastructure;
    private readonly PostgresDatabase _database;

    private EventStoreDatabase(WorkbookInfrastructure infrastructure, PostgresDatabase database)
    {
        _infrastructure = infrastructure;
        _database = database;
        DataSource = NpgsqlDataSource.Create(database.ConnectionString);
        Store = new PostgresEventStore(DataSource, ClaimStores.Types());
    }

    public string ConnectionString => _database.ConnectionString;

    public NpgsqlDataSource DataSource { get; }

    public PostgresEventStore Store { get; }

    public static async Task<EventStoreDatabase> CreateAsync(CancellationToken cancellationToken)
    {
        var infrastructure = new WorkbookInfrastructure();
        try
        {
            var database = await infrastructure.Postgres.CreateDatabaseAsync(cancellationToken: cancellationToken);
            await using (var connection = new NpgsqlConnection(database.ConnectionString))
            {
                await connection.OpenAsync(cancellationToken);
                await EventStoreSchema.CreateAsync(connection, cancellationToken);
            }

            return new EventStoreDatabase(infrastructure, database);
        }
        catch
        {
            await infrastructure.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await _database.DisposeAsync();
        await _infrastructure.DisposeAsync();
    }
}
