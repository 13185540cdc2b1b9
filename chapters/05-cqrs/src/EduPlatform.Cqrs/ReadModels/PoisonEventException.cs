using EduPlatform.EventStore;

namespace EduPlatform.Cqrs.ReadModels;

/// <summary>
/// An event the read model cannot apply whatever the number of tries: it breaks the read model's rules (a lesson for
/// an enrollment that does not exist, a score of 250). The projector parks it in the dead letters with this reason.
/// </summary>
public sealed class PoisonEventException(RecordedEvent recorded, string reason)
    : Exception($"Event #{recorded?.GlobalPosition} ({recorded?.EventType} on {recorded?.StreamId}) cannot be applied: {reason}")
{
    public RecordedEvent Event { get; } = recorded ?? throw new ArgumentNullException(nameof(recorded));

    public string Reason { get; } = reason;
}
