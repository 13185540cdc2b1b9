using EduPlatform.Platform.Hosting;

namespace EduPlatform.Platform.Modules.Users;

/// <summary>The demo accounts every fresh Users database starts with. Their passwords are public: this is a workbook.</summary>
public static class DemoUsers
{
    public static IReadOnlyList<DemoUser> All { get; } =
    [
        new(DemoUserIds.Alice, "alice@eduplatform.test", "alice-demo-password", "Alice Learner", Roles.Student),
        new(DemoUserIds.Bob, "bob@eduplatform.test", "bob-demo-password", "Bob Learner", Roles.Student),
        new(DemoUserIds.Ivy, "ivy@eduplatform.test", "ivy-demo-password", "Ivy Instructor", Roles.Instructor),
    ];
}

public sealed record DemoUser(Guid Id, string Email, string Password, string DisplayName, string Role);

public static class Roles
{
    public const string Student = "student";
    public const string Instructor = "instructor";
}
