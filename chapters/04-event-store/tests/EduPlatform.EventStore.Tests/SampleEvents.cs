using EduPlatform.EventStore.Demo.Enrollments;

namespace EduPlatform.EventStore.Tests;

/// <summary>Enrollment events for tests, each with a fresh id.</summary>
public static class SampleEvents
{
    public static NewEvent Enrolled(string courseId = "system-design-101") =>
        NewEvent.Create(new StudentEnrolled(Guid.NewGuid(), courseId, DateTimeOffset.UnixEpoch));

    public static NewEvent Paid(long cents = 4_999) => NewEvent.Create(new PaymentCaptured(cents, "USD", "pay_" + Guid.NewGuid().ToString("N")[..8]));

    public static NewEvent Lesson(int number) => NewEvent.Create(new LessonCompleted($"lesson-{number}"));

    public static NewEvent[] Lessons(int count, int firstNumber = 1) =>
        [.. Enumerable.Range(firstNumber, count).Select(Lesson)];
}
