namespace EduPlatform.Cqrs.Projections;

/// <summary>A generation change that the generations' current states forbid (answered 409).</summary>
public sealed class GenerationConflictException(string message) : Exception(message);

/// <summary>No generation with that version (answered 404).</summary>
public sealed class GenerationNotFoundException(int version) : Exception($"There is no read-model generation {version}.");
