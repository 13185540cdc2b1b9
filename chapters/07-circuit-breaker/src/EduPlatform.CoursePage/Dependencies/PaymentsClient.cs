using EduPlatform.CoursePage.Courses;

namespace EduPlatform.CoursePage.Dependencies;

/// <summary>The payment service: prices and purchases. Slow under load.</summary>
public sealed class PaymentsClient(DependencyCaller payments)
{
    public const string Dependency = "Payments";

    public Task<DependencyOutcome> GetPriceAsync(CourseId course, CancellationToken cancellationToken) =>
        payments.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"prices/{course}"), cancellationToken);

    /// <summary>
    /// A POST: never retried by the pipeline, because a repeated purchase is a second charge. The idempotency key
    /// lets the payment service recognise a repeat that the student (not this service) sends.
    /// </summary>
    public Task<DependencyOutcome> PurchaseAsync(CourseId course, string studentId, string idempotencyKey, CancellationToken cancellationToken) =>
        payments.SendAsync(
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, "payments")
                {
                    Content = JsonContent.Create(new { courseId = course.Value, studentId }),
                };
                request.Headers.Add("Idempotency-Key", idempotencyKey);
                return request;
            },
            cancellationToken);
}
