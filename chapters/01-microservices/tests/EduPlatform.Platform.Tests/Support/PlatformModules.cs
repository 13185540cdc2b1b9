namespace EduPlatform.Platform.Tests.Support;

/// <summary>The module names, as <c>Platform:Modules</c> and <c>ConnectionStrings:*</c> spell them.</summary>
public static class PlatformModules
{
    public const string Users = "users";
    public const string Courses = "courses";
    public const string Videos = "videos";
    public const string Payments = "payments";

    public static IReadOnlyList<string> All { get; } = [Users, Courses, Videos, Payments];
}
