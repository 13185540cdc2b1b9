using EduPlatform.Cqrs.Projections;
using Npgsql;

namespace EduPlatform.Cqrs.Http;

/// <summary>
/// Operating the read side: lag per projection, dead letters, and blue/green rebuilds
/// (<c>POST /rebuilds</c> starts one; <c>GET /rebuilds/{version}</c> shows its progress; it switches itself once
/// caught up; <c>POST /generations/{version}/activate</c> switches by hand, e.g. to roll back;
/// <c>DELETE /generations/{version}</c> drops a generation that is not active).
/// </summary>
public static class ProjectionEndpoints
{
    private const int MaxDeadLetters = 1_000;

    public static IEndpointRouteBuilder MapProjectionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/projections", async (ProjectionMonitor monitor, CancellationToken cancellationToken) =>
            Results.Ok(await monitor.ReadAsync(cancellationToken)));
        app.MapGet("/projections/dead-letters", async (NpgsqlDataSource dataSource, RedisLeaderboard redis, CancellationToken cancellationToken) =>
            Results.Ok((await DeadLetters.ReadAsync(dataSource, MaxDeadLetters, cancellationToken)).Concat(await redis.ReadDeadLettersAsync())));

        app.MapGet("/generations", async (ReadModelGenerations generations, CancellationToken cancellationToken) =>
            Results.Ok(await generations.ListAsync(cancellationToken)));
        app.MapPost("/rebuilds", async (ReadModelGenerations generations, CancellationToken cancellationToken) =>
        {
            var version = await generations.StartRebuildAsync(cancellationToken);
            return Results.Accepted($"/rebuilds/{version}", new { version, status = "building" });
        });
        app.MapGet("/rebuilds/{version:int}", async (int version, ReadModelGenerations generations, ProjectionMonitor monitor, CancellationToken cancellationToken) =>
        {
            var generation = await generations.GetAsync(version, cancellationToken);
            var status = (await monitor.ReadAsync(cancellationToken)).SingleOrDefault(s => s.Projection == GenerationNames.Schema(version));
            return Results.Ok(new RebuildProgress(generation, status));
        });
        app.MapPost("/generations/{version:int}/activate", async (int version, int? waitMs, ReadModelGenerations generations, TimeProvider time, CancellationToken cancellationToken) =>
        {
            if (waitMs is < 0 or > 30_000)
            {
                return Problems.Invalid("waitMs must be 0-30000.");
            }

            var outcome = await generations.SwitchAsync(version, TimeSpan.FromMilliseconds(waitMs ?? 5_000), time, cancellationToken);
            return outcome.Switched
                ? Results.Ok(new { active = outcome.Active })
                : Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not caught up", type: Problems.GenerationConflict,
                    detail: $"Generation {version} is {outcome.BehindBy} events behind the active generation {outcome.Active}; switching now would make reads go backwards.");
        });
        app.MapDelete("/generations/{version:int}", async (int version, ReadModelGenerations generations, CancellationToken cancellationToken) =>
        {
            await generations.DropAsync(version, cancellationToken);
            return Results.NoContent();
        });
        return app;
    }
}

/// <summary>A rebuild's progress: the generation's row and its projection's position and lag.</summary>
public sealed record RebuildProgress(Generation Generation, ProjectionStatus? Projection)
{
    /// <summary>Share of the log the generation has been through, 0-100.</summary>
    public double PercentDone => Projection is { Head: > 0 } p ? Math.Round(100.0 * p.Position / p.Head, 1) : 100;
}
