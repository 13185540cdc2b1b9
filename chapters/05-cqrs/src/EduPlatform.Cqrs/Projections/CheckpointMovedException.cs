namespace EduPlatform.Cqrs.Projections;

/// <summary>
/// The stored checkpoint is not where this projector left it: a second instance of the projection (two projector
/// processes by mistake, or a zombie after a network partition) committed in between. Nothing was written; the
/// projector reloads the checkpoint and carries on from there, so two instances never apply an event twice.
/// </summary>
public sealed class CheckpointMovedException(string projection, long expected, long actual)
    : Exception($"The checkpoint of {projection} is at {actual}, not {expected}: another instance moved it.")
{
    public long Actual { get; } = actual;
}
