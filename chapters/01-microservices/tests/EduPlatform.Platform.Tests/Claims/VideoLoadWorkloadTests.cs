using EduPlatform.Harness.Waiting;
using EduPlatform.Platform.Testing;
using EduPlatform.Platform.Tests.Support;

namespace EduPlatform.Platform.Tests.Claims;

/// <summary>
/// The claim's workload, run small: in either shape every catalogue read and every chunk of the Videos load is
/// answered in full. (How fast is the claim's question, answered by prove; here only that the loads are right.)
/// </summary>
public sealed class VideoLoadWorkloadTests(SharedPlatforms platforms) : IClassFixture<SharedPlatforms>
{
    [Theory, MemberData(nameof(EveryShape.Shapes), MemberType = typeof(EveryShape))]
    public async Task Every_course_read_and_every_chunk_of_the_video_load_is_answered_in_full(PlatformShape shape)
    {
        var platform = await platforms.GetAsync(shape);
        var workload = await VideoLoadWorkload.PrepareAsync(platform, CurrentTest.Cancellation);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        var failures = await workload.SendAndVerifyAsync(client, courseReads: 20, chunks: 8, CurrentTest.Cancellation);

        failures.Should().BeEmpty();
        workload.CourseReadUrl.Should().Be(new Uri(platform.BaseAddress(PlatformModules.Courses), "/api/courses/1"));
    }
}
