namespace EduPlatform.Bff.Downstreams;

/// <summary>
/// The signed-in student a dashboard is for: the token's subject (what per-student cache entries are keyed by) and the
/// token itself, forwarded unchanged to every downstream so each checks the caller on its own.
/// </summary>
public sealed record Student(string Subject, string AccessToken, string CorrelationId);
