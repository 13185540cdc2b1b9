namespace EduPlatform.Cqrs.Domain;

/// <summary>Why a command was refused; the HTTP layer maps each to its 4xx problem.</summary>
public enum Rejection
{
    /// <summary>The command's values break <see cref="EnrollmentRules"/> (400).</summary>
    Invalid,

    /// <summary>The student has no enrollment in the course (404).</summary>
    NotEnrolled,

    /// <summary>The enrollment's state forbids it: enrolled already, dropped, lesson done already (409).</summary>
    Conflict,
}

/// <summary>A command the write side refused: nothing was appended.</summary>
public sealed class CommandRejectedException(Rejection rejection, string message) : Exception(message)
{
    public Rejection Rejection { get; } = rejection;
}
