using System.Reflection;
using EduPlatform.Load.Proving;

namespace EduPlatform.Prove.Cli;

/// <summary>
/// Where the claims are: this project (the engine's self-test claims, chapter 00) and every chapter's claims project,
/// <c>chapters/NN-name/claims/EduPlatform.X.Claims</c>. The csproj references those by a glob, so their assemblies are
/// copied beside this one; they are found here by their name, so a new chapter registers nothing.
/// </summary>
public static class ClaimAssemblies
{
    public const string FilePattern = "EduPlatform.*.Claims.dll";

    public static IReadOnlyList<Assembly> Load()
    {
        var chapters = Directory.EnumerateFiles(AppContext.BaseDirectory, FilePattern)
            .Order(StringComparer.Ordinal)
            .Select(path => Assembly.Load(AssemblyName.GetAssemblyName(path)));
        return [typeof(ClaimAssemblies).Assembly, .. chapters];
    }

    public static IReadOnlyList<IClaim> Claims() => ClaimCatalogue.Discover(Load());
}
