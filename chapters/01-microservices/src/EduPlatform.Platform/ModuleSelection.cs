using EduPlatform.Platform.Hosting;
using EduPlatform.Platform.Modules.Courses;
using EduPlatform.Platform.Modules.Payments;
using EduPlatform.Platform.Modules.Users;
using EduPlatform.Platform.Modules.Videos;

namespace EduPlatform.Platform;

/// <summary>
/// Which modules this process hosts, from <c>Platform:Modules</c>: <c>all</c> is the monolith,
/// a single name (<c>courses</c>) is a service, a comma list (<c>courses,videos</c>) is anything in
/// between. The composition root is the only code that knows every module.
/// </summary>
public sealed class ModuleSelection
{
    /// <summary>Every module the platform has, in startup order (Users first: it issues the tokens).</summary>
    public static IReadOnlyList<IPlatformModule> Catalog { get; } =
        [new UsersModule(), new CoursesModule(), new VideosModule(), new PaymentsModule()];

    private ModuleSelection(IReadOnlyList<IPlatformModule> modules) => Modules = modules;

    public IReadOnlyList<IPlatformModule> Modules { get; }

    public bool Hosts(string moduleName) => Modules.Any(module => module.Name == moduleName);

    public static ModuleSelection Parse(string? setting)
    {
        var names = (setting ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(name => name.ToLowerInvariant())
            .ToHashSet();
        if (names.Contains("all"))
        {
            return new ModuleSelection(Catalog);
        }

        var known = Catalog.Select(module => module.Name).ToList();
        var unknown = names.Except(known).ToList();
        if (names.Count == 0 || unknown.Count > 0)
        {
            throw new PlatformConfigurationException(
                $"{PlatformOptions.Keys.Modules} must be 'all' or a comma list of {string.Join(", ", known)}; got '{setting}'.");
        }

        return new ModuleSelection(Catalog.Where(module => names.Contains(module.Name)).ToList());
    }
}
