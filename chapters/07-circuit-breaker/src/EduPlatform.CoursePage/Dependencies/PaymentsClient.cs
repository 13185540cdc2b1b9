using EduPlatform.CoursePage.Courses;
using EduPlatform.CoursePage.Resilience;

namespace EduPlatform.CoursePage.Dependencies;

/// <summary>The payment service: prices and purchases. Slow under load.</summary>
public sealed class PaymentsClient(HttpClient http, DependencyMonitor monitor)
{
    public const string Dependency = "Payments";

    public async Task<DependencyOutcome> GetPriceAsync(CourseId course, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"prices/{course}");
        return await DependencyCall.SendAsync(http, monitor, request, cancellationToken);
    }

    /// <summary>
    /// A POST: never retried by the pipeline, because a repeated purchase is a second charge. The idempotency key
    /// lets the payment service recognise a repeat that the student (not this service) sends.
    /// </summary>
    public async Task<DependencyOutcome> PurchaseAsync(CourseId course, string studentId, string idempotencyKey, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "payments")
        {
            Content = JsonContent.Create(new { courseId = course.Value, studentId }),
        };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await DependencyCall.SendAsync(http, monitor, request, cancellationToken);
    }
}
