using EduPlatform.Platform.Modules.Courses;
using EduPlatform.Platform.Modules.Payments;
using EduPlatform.Platform.Modules.Users;
using EduPlatform.Platform.Modules.Videos;

namespace EduPlatform.Platform.Testing;

/// <summary>The module names, as the platform spells them in <c>Platform:Modules</c> and <c>ConnectionStrings:*</c>.</summary>
public static class PlatformModules
{
    public const string Users = UsersModule.ModuleName;
    public const string Courses = CoursesModule.ModuleName;
    public const string Videos = VideosModule.ModuleName;
    public const string Payments = PaymentsModule.ModuleName;

    /// <summary>Every module, in the platform's start order (Users first: it issues the tokens).</summary>
    public static IReadOnlyList<string> All { get; } = ModuleSelection.Catalog.Select(module => module.Name).ToArray();
}
