namespace EduPlatform.Cqrs.Queries;

/// <summary>
/// Every query's answer: the data, which read model answered, and the global position the data is at (read in the
/// same statement as the data, so the two always agree).
/// </summary>
/// <param name="Consistency">Present when the query passed <c>?position=</c>: whether the read model had reached it.</param>
public sealed record QueryAnswer<T>(T Data, string ReadModel, long Position, Consistency? Consistency);

/// <summary>
/// Read-your-own-writes: the query asked for <paramref name="RequestedPosition"/> (what its command returned).
/// <paramref name="Reached"/> false means the wait ran out: the data is <paramref name="BehindBy"/> events older than asked.
/// </summary>
public sealed record Consistency(long RequestedPosition, bool Reached, long BehindBy, double WaitedMs);
