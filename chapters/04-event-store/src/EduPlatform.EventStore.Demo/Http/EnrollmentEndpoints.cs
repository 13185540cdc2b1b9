using EduPlatform.EventStore.Aggregates;
using EduPlatform.EventStore.Demo.Enrollments;

namespace EduPlatform.EventStore.Demo.Http;

/// <summary>An enrollment's state, folded from its stream <c>enrollment-{id}</c> (from a snapshot when there is one).</summary>
public static class EnrollmentEndpoints
{
    public static IEndpointRouteBuilder MapEnrollmentEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/enrollments/{enrollmentId}", async (string enrollmentId, AggregateRepository repository, CancellationToken cancellationToken) =>
        {
            var loaded = await repository.LoadAsync<Enrollment>(StreamId.For("enrollment", enrollmentId), cancellationToken);
            return loaded.Version == 0
                ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such enrollment", detail: $"The stream {loaded.Stream} has no events.")
                : Results.Ok(new { Stream = loaded.Stream.Value, loaded.Version, loaded.SnapshotVersion, loaded.EventsFolded, loaded.State });
        });
        return app;
    }
}
