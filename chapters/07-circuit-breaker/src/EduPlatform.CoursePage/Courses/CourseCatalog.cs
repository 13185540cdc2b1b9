namespace EduPlatform.CoursePage.Courses;

/// <summary>A course as this service knows it, without asking any dependency.</summary>
public sealed record CourseSummary(string Id, string Title, string Level, int Lessons, string Description);

/// <summary>
/// The course catalogue, held in memory: the cheap, local data behind <c>/courses/{id}/summary</c>, the endpoint
/// that must stay fast whatever the dependencies do.
/// </summary>
public class CourseCatalog
{
    private static readonly Dictionary<string, CourseSummary> Courses = new[]
    {
        new CourseSummary("distributed-systems-101", "Distributed Systems 101", "undergraduate", 24, "Why everything fails all the time, and what to do about it."),
        new CourseSummary("intro-to-csharp", "Introduction to C#", "beginner", 18, "Types, methods, collections and async, one small program at a time."),
        new CourseSummary("algebra-1", "Algebra 1", "secondary", 32, "Equations, inequalities and functions for the first year of secondary school."),
        new CourseSummary("physics-for-teens", "Physics for Teens", "secondary", 20, "Motion, energy and waves with experiments you can do at home."),
        new CourseSummary("creative-writing", "Creative Writing", "all levels", 12, "Short fiction workshops with weekly peer review."),
    }.ToDictionary(course => course.Id);

    /// <summary>The course, or null when there is none with that id.</summary>
    /// <remarks>Virtual so a test can make the catalogue fail and check that a bug still answers a clean 500.</remarks>
    public virtual CourseSummary? Find(CourseId id) => Courses.GetValueOrDefault(id.Value);
}
