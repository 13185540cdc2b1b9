using EduPlatform.EventStore.Aggregates;

namespace EduPlatform.EventStore.Demo.Enrollments;

/// <summary>An enrollment's current state: nothing stored, everything folded from its stream.</summary>
public sealed record Enrollment(
    EnrollmentStatus Status,
    Guid? StudentId,
    string? CourseId,
    long PaidCents,
    long RefundedCents,
    int LessonsCompleted) : IAggregateState<Enrollment>
{
    public static Enrollment Initial { get; } = new(EnrollmentStatus.None, null, null, 0, 0, 0);

    public static string SnapshotType => "enrollment.v1";

    public long BalanceCents => PaidCents - RefundedCents;

    public Enrollment Apply(object domainEvent) => domainEvent switch
    {
        StudentEnrolled enrolled => this with { Status = EnrollmentStatus.Active, StudentId = enrolled.StudentId, CourseId = enrolled.CourseId },
        PaymentCaptured captured => this with { PaidCents = PaidCents + captured.AmountCents },
        PaymentRefunded refunded => this with { RefundedCents = RefundedCents + refunded.AmountCents },
        LessonCompleted => this with { LessonsCompleted = LessonsCompleted + 1 },
        EnrollmentCancelled => this with { Status = EnrollmentStatus.Cancelled },
        _ => this,
    };
}
