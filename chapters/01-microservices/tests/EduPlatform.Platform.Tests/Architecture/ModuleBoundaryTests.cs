using EduPlatform.Platform.Hosting;
using NetArchTest.Rules;

namespace EduPlatform.Platform.Tests.Architecture;

/// <summary>
/// Boundaries checked by a test, not by hope. Read from the compiled IL (NetArchTest), so a
/// dependency hidden in a method body counts as much as one in a signature.
/// </summary>
public sealed class ModuleBoundaryTests
{
    private const string ModulesNamespace = "EduPlatform.Platform.Modules";
    private const string HostingNamespace = "EduPlatform.Platform.Hosting";
    private static readonly System.Reflection.Assembly Platform = typeof(PlatformHost).Assembly;

    private static readonly string[] ModuleNames = ["Users", "Courses", "Videos", "Payments"];

    public static TheoryData<string> Modules => [.. ModuleNames];

    [Theory, MemberData(nameof(Modules))]
    public void A_module_depends_on_no_other_module(string module)
    {
        var others = ModuleNames.Where(other => other != module).Select(other => $"{ModulesNamespace}.{other}").ToArray();

        var result = Types.InAssembly(Platform).That().ResideInNamespace($"{ModulesNamespace}.{module}")
            .ShouldNot().HaveDependencyOnAny(others)
            .GetResult();

        result.IsSuccessful.Should().BeTrue($"{module} must reach other modules over HTTP only, but these types depend on one: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void The_shared_hosting_code_depends_on_no_module()
    {
        var result = Types.InAssembly(Platform).That().ResideInNamespace(HostingNamespace)
            .ShouldNot().HaveDependencyOn(ModulesNamespace)
            .GetResult();

        result.IsSuccessful.Should().BeTrue($"shared code that knew a module would couple every module to it: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void The_rule_sees_dependencies_where_they_exist()
    {
        // The composition root does reference every module: if the checker reported no dependency
        // here, the two rules above would be passing for the wrong reason.
        var result = Types.InAssembly(Platform).That().HaveName(nameof(ModuleSelection))
            .ShouldNot().HaveDependencyOn($"{ModulesNamespace}.Payments")
            .GetResult();

        result.IsSuccessful.Should().BeFalse();
        result.FailingTypeNames.Should().Contain(typeof(ModuleSelection).FullName);
    }

    [Fact]
    public void Every_module_is_in_the_catalogue_and_lives_in_its_own_namespace()
    {
        var moduleTypes = Platform.GetTypes().Where(type => typeof(IPlatformModule).IsAssignableFrom(type) && type is { IsClass: true, IsAbstract: false }).ToList();

        moduleTypes.Select(type => type.Namespace).Should().OnlyHaveUniqueItems().And.AllSatisfy(ns => ns.Should().StartWith($"{ModulesNamespace}."));
        ModuleSelection.Catalog.Select(module => module.GetType()).Should().BeEquivalentTo(moduleTypes);
        ModuleSelection.Catalog.Select(module => module.Name).Should().Equal("users", "courses", "videos", "payments");
    }

    [Fact]
    public void Each_module_database_is_used_only_inside_its_module()
    {
        // A ModuleDatabase subclass hands out the module's pool; no other namespace may touch it.
        foreach (var database in Platform.GetTypes().Where(type => type.IsSubclassOf(typeof(ModuleDatabase))))
        {
            var result = Types.InAssembly(Platform).That().DoNotResideInNamespace(database.Namespace)
                .ShouldNot().HaveDependencyOn(database.FullName)
                .GetResult();

            result.IsSuccessful.Should().BeTrue($"{database.Name} belongs to {database.Namespace}, but {string.Join(", ", result.FailingTypeNames ?? [])} use it");
        }
    }
}
