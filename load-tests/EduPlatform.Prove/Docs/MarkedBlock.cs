namespace EduPlatform.Prove.Docs;

/// <summary>
/// A generated part of a Markdown file, between <c>&lt;!-- name --&gt;</c> and <c>&lt;!-- /kind --&gt;</c> (kind is the name's
/// first word without a trailing colon: <c>&lt;!-- prove:claims 04 --&gt;</c> ends at <c>&lt;!-- /prove:claims --&gt;</c>, <c>&lt;!-- snippet: name --&gt;</c> at <c>&lt;!-- /snippet --&gt;</c>). Everything outside the markers
/// is the author's; everything inside is rewritten, so docs cannot drift from what they are generated from.
/// </summary>
public static class MarkedBlock
{
    public static string Open(string name) => $"<!-- {name} -->";

    public static string Close(string name) => $"<!-- /{name.Split(' ')[0].TrimEnd(':')} -->";

    public static bool Contains(string markdown, string name)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        return LineIndex(markdown, Open(name), 0) >= 0;
    }

    /// <summary>The text between the markers, without the newlines that frame it.</summary>
    public static string Read(string markdown, string name)
    {
        var (start, end) = Locate(markdown, name);
        return markdown[start..end].Trim('\n');
    }

    /// <summary>The markdown with the block's content replaced by <paramref name="content"/>.</summary>
    public static string Replace(string markdown, string name, string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var (start, end) = Locate(markdown, name);
        return markdown[..start] + "\n" + content.Trim('\n') + "\n" + markdown[end..];
    }

    // A marker counts only as a line of its own: prose that mentions one (`<!-- prove:index -->` in backticks) is text.
    private static int LineIndex(string markdown, string marker, int from)
    {
        for (var at = markdown.IndexOf(marker, from, StringComparison.Ordinal); at >= 0; at = markdown.IndexOf(marker, at + 1, StringComparison.Ordinal))
        {
            var lineStart = at == 0 || markdown[at - 1] == '\n';
            var lineEnd = at + marker.Length == markdown.Length || markdown[at + marker.Length] is '\n' or '\r';
            if (lineStart && lineEnd)
            {
                return at;
            }
        }

        return -1;
    }

    private static (int Start, int End) Locate(string markdown, string name)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var open = LineIndex(markdown, Open(name), 0);
        if (open < 0)
        {
            throw new InvalidOperationException($"no '{Open(name)}' marker");
        }

        var start = open + Open(name).Length;
        var end = LineIndex(markdown, Close(name), start);
        return end < 0 ? throw new InvalidOperationException($"'{Open(name)}' has no closing '{Close(name)}'") : (start, end);
    }
}
