using EduPlatform.Cqrs.Domain;
using EduPlatform.Cqrs.Testing;
using EduPlatform.Cqrs.Testing.Verification;
using EduPlatform.Cqrs.Testing.Workloads;
using EduPlatform.EventStore;
using EduPlatform.Load;
using EduPlatform.Load.Proving;

namespace EduPlatform.Cqrs.Claims;

/// <summary>The two stores of one read model, fed by two projections with two checkpoints, end up identical.</summary>
public sealed class PostgresRedisAgreeClaim : IClaim
{
    public string Name => "05-postgres-redis-agree";

    public string Chapter => "05";

    public string Statement =>
        "After a run of concurrent writers (with poison events mixed in, parked by both projections), the PostgreSQL and Redis "
        + "leaderboards, each built by its own projection with its own checkpoint, disagree on 0 keys.";

    public async Task<ClaimResult> RunAsync(ClaimContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var claim = await ClaimSystem.StartAsync(new CqrsSettings { RetryDelayMs = 20 }, context.CancellationToken);
        var system = claim.System;
        var writers = new TransactionalWriters(system.DataSource, new EventStoreLog(system.Types), new WriterSettings { MaxSleepMs = 1 });
        var during = context.Duration(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(3));

        var writing = Scenario.Create("write-transaction", async ctx =>
            {
                var outcome = await writers.WriteTransactionAsync(ctx.CopyNumber, ctx.CancellationToken);
                return Response.Ok(statusCode: outcome.Committed ? "committed" : "rolled-back");
            })
            .WithLoadSimulations(Simulation.KeepConstant(copies: writers.Settings.Writers, during))
            .WithThresholds(Threshold.Parse("rate==0"));
        var poisoning = Scenario.Create("append-poison", async ctx =>
            {
                // Around the write side, as older code could have: a lesson for nobody, or a score of 500 (on streams no writer uses).
                object poison = ctx.InvocationNumber % 2 == 0
                    ? new LessonCompleted("course-1", $"ghost-{ctx.InvocationNumber}", "l-1")
                    : new QuizSubmitted("course-1", $"poison-{ctx.InvocationNumber}", "q-x", 500);
                var key = poison is LessonCompleted l ? l.StudentId : ((QuizSubmitted)poison).StudentId;
                await system.Store.AppendToStreamAsync(EnrollmentStreams.For("course-1", key), ExpectedVersion.Any, [NewEvent.Create(poison)], ctx.CancellationToken);
                return Response.Ok();
            })
            .WithLoadSimulations(Simulation.Inject(2, TimeSpan.FromSeconds(1), during))
            .WithThresholds(Threshold.Parse("rate==0"));
        await context.RunAsync(writing, poisoning);
        await system.WaitUntilCaughtUpAsync(TimeSpan.FromMinutes(1), context.CancellationToken);

        var verification = await ReadModelVerifier.VerifyAsync(system, context.CancellationToken);
        var disagreeing = verification.Figures.GetValueOrDefault("postgres/redis disagreeing keys", double.NaN);
        context.Check("PostgreSQL and Redis leaderboards disagree on 0 keys", disagreeing == 0,
            $"{disagreeing} keys disagree; {verification.Figures["enrollments"]:#,0} enrollments, {verification.Figures["poison events"]:#,0} poison events parked by both");
        context.Check(verification);
        return context.Complete();
    }
}
