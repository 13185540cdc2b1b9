using System.Reflection;
using System.Text.RegularExpressions;

namespace EduPlatform.Load.Proving;

/// <summary>
/// Every claim in the given assemblies, found by reflection: a chapter adds a class implementing
/// <see cref="IClaim"/> to its claims project and it is listed, proved and indexed with no registration step.
/// Names are validated so a typo fails loudly at start-up, not silently at selection.
/// </summary>
public static partial class ClaimCatalogue
{
    [GeneratedRegex("^[0-9]{2}-[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex KebabName();

    public static IReadOnlyList<IClaim> Discover(params IEnumerable<Assembly> assemblies)
    {
        ArgumentNullException.ThrowIfNull(assemblies);
        var claims = assemblies.Distinct().SelectMany(a => a.GetTypes())
            .Where(t => t is { IsClass: true, IsAbstract: false, IsPublic: true } && typeof(IClaim).IsAssignableFrom(t))
            .Where(t => t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (IClaim)Activator.CreateInstance(t)!)
            .OrderBy(c => c.Chapter, StringComparer.Ordinal)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .ToArray();
        Validate(claims);
        return claims;
    }

    public static void Validate(IReadOnlyList<IClaim> claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        foreach (var claim in claims)
        {
            if (!KebabName().IsMatch(claim.Name) || !claim.Name.StartsWith(claim.Chapter + "-", StringComparison.Ordinal))
            {
                throw new InvalidOperationException(
                    $"claim '{claim.Name}' ({claim.GetType().Name}): names are kebab-case and start with the chapter, e.g. '{claim.Chapter}-isolation'");
            }

            if (string.IsNullOrWhiteSpace(claim.Statement))
            {
                throw new InvalidOperationException($"claim '{claim.Name}' states nothing: Statement is the sentence it proves");
            }
        }

        var duplicate = claims.GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"two claims are named '{duplicate.Key}'");
        }
    }

    public static IReadOnlyList<IClaim> Select(IReadOnlyList<IClaim> claims, string? chapter, string? name)
    {
        ArgumentNullException.ThrowIfNull(claims);
        IEnumerable<IClaim> selected = claims;
        if (chapter is not null)
        {
            var normalized = chapter.Length == 1 ? "0" + chapter : chapter;
            selected = selected.Where(c => c.Chapter == normalized);
        }

        if (name is not null)
        {
            selected = selected.Where(c => c.Name == name);
        }

        return selected.ToArray();
    }
}
