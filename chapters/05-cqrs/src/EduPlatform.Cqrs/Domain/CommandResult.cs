namespace EduPlatform.Cqrs.Domain;

/// <summary>
/// A command's outcome: where its event landed. <see cref="Position"/> is the event's global position, the token
/// for read-your-own-writes: a query that passes it waits until the read model has reached it.
/// </summary>
public sealed record CommandResult(string StreamId, long StreamVersion, long Position);
