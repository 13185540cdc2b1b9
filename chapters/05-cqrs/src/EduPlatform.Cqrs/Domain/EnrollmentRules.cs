using System.Diagnostics.CodeAnalysis;

namespace EduPlatform.Cqrs.Domain;

/// <summary>
/// The shapes every enrollment value must have. The write side refuses a command that breaks them (400); the
/// projector parks an event that breaks them (written by older code, or by hand, around the write side).
/// </summary>
public static class EnrollmentRules
{
    public const int MaxIdLength = 64;
    public const int MaxNameLength = 100;
    public const int MaxReasonLength = 500;
    public const int MinScore = 0;
    public const int MaxScore = 100;

    /// <summary>Points for one completed lesson; a quiz is worth its score.</summary>
    public const int PointsPerLesson = 10;

    /// <summary>Lessons one enrollment may complete: keeps one stream (and its aggregate) bounded.</summary>
    public const int MaxLessonsPerEnrollment = 1_000;

    /// <summary>Ids (course, student, lesson, quiz) are 1-64 characters of a-z, 0-9 and '-': safe in stream names, keys and URLs.</summary>
    public static bool IsValidId([NotNullWhen(true)] string? id) =>
        id is { Length: > 0 and <= MaxIdLength } && id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    public static bool IsValidName([NotNullWhen(true)] string? name) =>
        !string.IsNullOrWhiteSpace(name) && name.Length <= MaxNameLength && !name.Any(char.IsControl);

    public static bool IsValidScore(int score) => score is >= MinScore and <= MaxScore;

    /// <summary>What is wrong with an id, or null when it is fine.</summary>
    public static string? ProblemWithId(string field, string? id) => IsValidId(id)
        ? null
        : $"{field} must be 1-{MaxIdLength} characters of a-z, 0-9 and '-'.";
}
