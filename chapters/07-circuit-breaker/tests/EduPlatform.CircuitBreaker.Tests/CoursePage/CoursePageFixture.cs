using EduPlatform.CoursePage.Testing;
using EduPlatform.Harness.Waiting;

namespace EduPlatform.CircuitBreaker.Tests.CoursePage;

/// <summary>
/// One course page (<see cref="CoursePageSettings.Spec"/>) shared by the tests of a class that only send it requests and
/// change nothing in it. Tests of a class run one after the other, so each starts from journals it clears itself.
/// </summary>
public sealed class CoursePageFixture : IAsyncLifetime
{
    public CoursePageSystem System { get; private set; } = null!;

    public async ValueTask InitializeAsync() => System = await CoursePageSystem.StartAsync(CoursePageSettings.Spec, CurrentTest.Cancellation);

    public ValueTask DisposeAsync() => System.DisposeAsync();

    /// <summary>The system, with both stubs' journals emptied: "reached a dependency" counts from here.</summary>
    public CoursePageSystem Fresh()
    {
        System.Video.Journal.Clear();
        System.Payments.Journal.Clear();
        return System;
    }
}
