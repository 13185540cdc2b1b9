using EduPlatform.Platform.Hosting;
using EduPlatform.Platform.Hosting.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EduPlatform.Platform.Modules.Courses;

/// <summary>
/// The course catalogue (public), lessons, and enrollments (the caller's own). The cheap, busy
/// read path of the platform: the one that must stay fast however hard the video path is hit.
/// </summary>
public sealed class CoursesModule : IPlatformModule
{
    public const string ModuleName = "courses";

    public string Name => ModuleName;

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDatabase<CoursesDatabase>(ModuleName, configuration);
        services.AddSingleton<CourseCatalog>();
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        var courses = endpoints.MapGroup("/api/courses");
        courses.MapGet("/", (CourseCatalog catalog, CancellationToken cancellationToken) => catalog.ListAsync(cancellationToken)).AllowAnonymous();
        courses.MapGet("/{id}", async Task<Results<Ok<CourseDetail>, ProblemHttpResult>> (int id, CourseCatalog catalog, CancellationToken cancellationToken) =>
            await catalog.FindAsync(id, cancellationToken) is { } course ? TypedResults.Ok(course) : CourseNotFound(id)).AllowAnonymous();
        courses.MapGet("/{id}/lessons", async Task<Results<Ok<IReadOnlyList<Lesson>>, ProblemHttpResult>> (int id, CourseCatalog catalog, CancellationToken cancellationToken) =>
            await catalog.FindAsync(id, cancellationToken) is { } course ? TypedResults.Ok(course.Lessons) : CourseNotFound(id)).AllowAnonymous();

        courses.MapGet("/enrollments", (AuthenticatedUser caller, CourseCatalog catalog, CancellationToken cancellationToken) =>
            catalog.EnrollmentsOfAsync(caller.Id, cancellationToken)).RequireAuthorization();
        courses.MapPost("/{id}/enrollments", async Task<Results<Created<Enrollment>, Ok<Enrollment>, ProblemHttpResult>> (
            int id, AuthenticatedUser caller, CourseCatalog catalog, CancellationToken cancellationToken) =>
            await catalog.EnrollAsync(caller.Id, id, cancellationToken) switch
            {
                null => CourseNotFound(id),
                { Created: true } result => TypedResults.Created("/api/courses/enrollments", result.Enrollment),
                var result => TypedResults.Ok(result.Enrollment),
            }).RequireAuthorization();
    }

    private static ProblemHttpResult CourseNotFound(int id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Course not found", detail: $"No course has id {id}.");
}
