namespace EduPlatform.EventStore.Demo.Enrollments;

// What happens to an enrollment, as facts in the past tense. The old monolith kept one row per
// enrollment and overwrote it; a refund then erased the payment it refunded. Here each is an event.

public sealed record StudentEnrolled(Guid StudentId, string CourseId, DateTimeOffset EnrolledAt);

/// <summary>Version 2: an integer amount in cents with an explicit currency (v1 had a decimal amount in dollars).</summary>
public sealed record PaymentCaptured(long AmountCents, string Currency, string PaymentReference);

public sealed record PaymentRefunded(long AmountCents, string Reason);

public sealed record LessonCompleted(string LessonId);

public sealed record EnrollmentCancelled(string Reason);
