using System.Text;
using System.Text.RegularExpressions;

namespace EduPlatform.Prove.Docs;

/// <summary>
/// README code that shows API is cut from source that compiles: a region between <c>// snippet: name</c> and
/// <c>// endsnippet</c> in a .cs file fills every <c>&lt;!-- snippet: name --&gt;</c> … <c>&lt;!-- /snippet --&gt;</c> block of the
/// Markdown files. A renamed method breaks the build, not the README.
/// </summary>
public static partial class SourceSnippets
{
    [GeneratedRegex(@"^\s*// snippet: (?<name>[a-z0-9-]+)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Start();

    [GeneratedRegex(@"^\s*// endsnippet\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex End();

    [GeneratedRegex(@"<!-- snippet: (?<name>[a-z0-9-]+) -->", RegexOptions.CultureInvariant)]
    private static partial Regex Use();

    /// <summary>Every snippet in the .cs files under <paramref name="roots"/> (bin and obj skipped), by name.</summary>
    public static IReadOnlyDictionary<string, Snippet> Find(IEnumerable<string> roots)
    {
        ArgumentNullException.ThrowIfNull(roots);
        var snippets = new Dictionary<string, Snippet>(StringComparer.Ordinal);
        foreach (var file in roots.Where(Directory.Exists)
                     .SelectMany(root => Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories))
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                                 && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
        {
            foreach (var snippet in Read(file))
            {
                if (!snippets.TryAdd(snippet.Name, snippet))
                {
                    throw new InvalidOperationException($"snippet '{snippet.Name}' is defined twice: {snippets[snippet.Name].File} and {file}");
                }
            }
        }

        return snippets;
    }

    /// <summary>The names of the snippets a Markdown file uses.</summary>
    public static IReadOnlyList<string> UsedBy(string markdown) =>
        Use().Matches(markdown).Select(m => m.Groups["name"].Value).Distinct().ToArray();

    /// <summary>The Markdown with every snippet block filled from source.</summary>
    public static string Fill(string markdown, IReadOnlyDictionary<string, Snippet> snippets, string markdownFile)
    {
        ArgumentNullException.ThrowIfNull(snippets);
        foreach (var name in UsedBy(markdown))
        {
            if (!snippets.TryGetValue(name, out var snippet))
            {
                throw new InvalidOperationException($"{markdownFile} uses snippet '{name}', which no source file defines (// snippet: {name} ... // endsnippet)");
            }

            markdown = MarkedBlock.Replace(markdown, $"snippet: {name}", $"```csharp\n{snippet.Code}\n```");
        }

        return markdown;
    }

    private static IEnumerable<Snippet> Read(string file)
    {
        var lines = File.ReadAllLines(file);
        for (var i = 0; i < lines.Length; i++)
        {
            var start = Start().Match(lines[i]);
            if (!start.Success)
            {
                continue;
            }

            var end = Array.FindIndex(lines, i + 1, l => End().IsMatch(l));
            if (end < 0)
            {
                throw new InvalidOperationException($"{file}:{i + 1}: snippet '{start.Groups["name"].Value}' has no '// endsnippet'");
            }

            yield return new Snippet(start.Groups["name"].Value, file, Dedent(lines[(i + 1)..end]));
            i = end;
        }
    }

    private static string Dedent(string[] lines)
    {
        var indent = lines.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        var code = new StringBuilder();
        foreach (var line in lines)
        {
            code.Append(line.Length >= indent ? line[indent..] : line.TrimStart()).Append('\n');
        }

        return code.ToString().TrimEnd('\n');
    }
}

/// <summary>A region of source shown in a README.</summary>
public sealed record Snippet(string Name, string File, string Code);
