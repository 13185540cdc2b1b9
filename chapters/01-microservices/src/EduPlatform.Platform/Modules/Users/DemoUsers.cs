using EduPlatform.Platform.Hosting;

namespace EduPlatform.Platform.Modules.Users;

/// <summary>The demo accounts every fresh Users database starts with. Their passwords are public: this is a workbook.</summary>
public static class DemoUsers
{
    /// <summary>A student, enrolled in course 1, with a saved card.</summary>
    public static DemoUser Alice { get; } = new(DemoUserIds.Alice, "alice@eduplatform.test", "alice-demo-password", "Alice Learner", Roles.Student);

    /// <summary>A student, enrolled in nothing, with a saved card.</summary>
    public static DemoUser Bob { get; } = new(DemoUserIds.Bob, "bob@eduplatform.test", "bob-demo-password", "Bob Learner", Roles.Student);

    /// <summary>An instructor.</summary>
    public static DemoUser Ivy { get; } = new(DemoUserIds.Ivy, "ivy@eduplatform.test", "ivy-demo-password", "Ivy Instructor", Roles.Instructor);

    public static IReadOnlyList<DemoUser> All { get; } = [Alice, Bob, Ivy];
}

public sealed record DemoUser(Guid Id, string Email, string Password, string DisplayName, string Role);

public static class Roles
{
    public const string Student = "student";
    public const string Instructor = "instructor";
}
