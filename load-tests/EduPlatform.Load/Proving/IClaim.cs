namespace EduPlatform.Load.Proving;

/// <summary>
/// One claim a pattern makes, proved by load. A chapter adds one file,
/// <c>Claims/ChapterNN&lt;Name&gt;Claims.cs</c>, holding one class per claim; the catalogue finds
/// every public non-abstract <see cref="IClaim"/> with a parameterless constructor by reflection.
/// </summary>
public interface IClaim
{
    /// <summary>Kebab-case, starting with the chapter: <c>01-isolation</c>.</summary>
    string Name { get; }

    /// <summary>Two digits: <c>01</c>.</summary>
    string Chapter { get; }

    /// <summary>The sentence this claim proves, as the chapter README states it.</summary>
    string Statement { get; }

    /// <summary>
    /// Starts the system under test, runs the scenario(s) through <paramref name="context"/>
    /// (and a contrast run if the claim is "with vs without"), records correctness checks, and
    /// returns <c>context.Complete()</c>.
    /// </summary>
    Task<ClaimResult> RunAsync(ClaimContext context);
}
