using EduPlatform.CoursePage.Courses;

namespace EduPlatform.CoursePage.Dependencies;

/// <summary>The video service: streaming manifests for a course's lessons. Flaky under load.</summary>
public sealed class VideoClient(DependencyCaller video)
{
    public const string Dependency = "Video";

    public Task<DependencyOutcome> GetVideoAsync(CourseId course, CancellationToken cancellationToken) =>
        video.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"videos/{course}"), cancellationToken);
}
