using EduPlatform.Cqrs.Domain;
using EduPlatform.Cqrs.Queries;
using Microsoft.Extensions.Options;

namespace EduPlatform.Cqrs.Http;

/// <summary>
/// The read side over HTTP. Every query takes <c>?position=P</c> (read your own write: wait until the read model has
/// reached P) and <c>?waitMs=</c> (how long to wait at most; default Cqrs:DefaultWaitMs, 1 s). A wait that runs out
/// still answers 200, with the data it has and <c>consistency.reached=false</c>, <c>behindBy</c> events.
/// </summary>
public static class QueryEndpoints
{
    private const int MaxTop = 100;

    public static IEndpointRouteBuilder MapQueryEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/students/{studentId}/progress", (string studentId, long? position, int? waitMs, QueryRunner runner, CancellationToken cancellationToken) =>
            runner.RunAsync(ReadSide.Postgres, position, waitMs, [("studentId", studentId)], token => runner.Queries.StudentProgressAsync(studentId, token), cancellationToken));
        app.MapGet("/courses/{courseId}/roster", (string courseId, long? position, int? waitMs, QueryRunner runner, CancellationToken cancellationToken) =>
            runner.RunAsync(ReadSide.Postgres, position, waitMs, [("courseId", courseId)], token => runner.Queries.RosterAsync(courseId, token), cancellationToken));
        app.MapGet("/courses/{courseId}/leaderboard", (string courseId, int? top, string? source, long? position, int? waitMs, QueryRunner runner, CancellationToken cancellationToken) =>
        {
            ReadSide? side = source?.ToLowerInvariant() switch
            {
                null or "postgres" => ReadSide.Postgres,
                "redis" => ReadSide.Redis,
                _ => null,
            };
            if (side is null)
            {
                return Task.FromResult(Problems.Invalid("source must be postgres or redis."));
            }

            return top is < 1 or > MaxTop
                ? Task.FromResult(Problems.Invalid($"top must be 1-{MaxTop}."))
                : runner.RunAsync(side.Value, position, waitMs, [("courseId", courseId)],
                    token => runner.Queries.LeaderboardAsync(courseId, top ?? 10, side.Value, token), cancellationToken);
        });
        return app;
    }
}

/// <summary>What every query does around its statement: check the input, wait for the position if asked, answer with it.</summary>
public sealed class QueryRunner(ReadModelQueries queries, ReadYourWritesWaiter waiter, IOptions<CqrsOptions> options)
{
    public ReadModelQueries Queries => queries;

    public async Task<IResult> RunAsync<T>(ReadSide side, long? position, int? waitMs, (string Name, string Value)[] ids,
        Func<CancellationToken, Task<(T Data, string ReadModel, long Position)>> query, CancellationToken cancellationToken)
    {
        foreach (var (name, value) in ids)
        {
            if (EnrollmentRules.ProblemWithId(name, value) is { } problem)
            {
                return Problems.Invalid(problem);
            }
        }

        var settings = options.Value;
        if (position is < 0 || waitMs is < 0 || waitMs > settings.MaxWaitMs)
        {
            return Problems.Invalid($"position must be >= 0 and waitMs 0-{settings.MaxWaitMs}.");
        }

        var waited = position is { } requested
            ? await waiter.WaitAsync(side, requested, TimeSpan.FromMilliseconds(waitMs ?? settings.DefaultWaitMs), cancellationToken)
            : 0;
        var (data, readModel, at) = await query(cancellationToken);
        var consistency = position is { } asked
            ? new Consistency(asked, at >= asked, Math.Max(0, asked - at), Math.Round(waited, 2))
            : null;
        return Results.Ok(new QueryAnswer<T>(data, readModel, at, consistency));
    }
}
