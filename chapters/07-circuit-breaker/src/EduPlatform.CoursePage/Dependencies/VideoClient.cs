using EduPlatform.CoursePage.Courses;
using EduPlatform.CoursePage.Resilience;

namespace EduPlatform.CoursePage.Dependencies;

/// <summary>The video service: streaming manifests for a course's lessons. Flaky under load.</summary>
public sealed class VideoClient(HttpClient http, DependencyMonitor monitor)
{
    public const string Dependency = "Video";

    public async Task<DependencyOutcome> GetVideoAsync(CourseId course, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"videos/{course}");
        return await DependencyCall.SendAsync(http, monitor, request, cancellationToken);
    }
}
