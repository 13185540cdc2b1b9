using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace EduPlatform.CoursePage.Courses;

/// <summary>
/// A course's slug, e.g. <c>distributed-systems-101</c>: lowercase letters and digits in hyphen-separated words, at
/// most 64 characters. Checked at the edge so nothing else (a log line, a downstream URL) ever sees raw input.
/// </summary>
public readonly partial record struct CourseId
{
    public const int MaxLength = 64;

    private CourseId(string value) => Value = value;

    public string Value { get; }

    public static bool TryParse([NotNullWhen(true)] string? text, out CourseId id)
    {
        if (text is { Length: > 0 and <= MaxLength } && Slug().IsMatch(text))
        {
            id = new CourseId(text);
            return true;
        }

        id = default;
        return false;
    }

    public override string ToString() => Value;

    // \z, not $: "$" also matches before a final newline, and "algebra-1\n" (from /courses/algebra-1%0A/...) would pass.
    [GeneratedRegex(@"^[a-z0-9]+(?:-[a-z0-9]+)*\z", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Slug();
}
