using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace EduPlatform.EventStore.Demo.Enrollments;

/// <summary>The names enrollment events are stored under, and how old versions are read today.</summary>
public static class EnrollmentEventTypes
{
    public static EventTypeRegistry Create()
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            // Input from HTTP must fit the event's shape: a missing CourseId is an error, not a null; a number
            // sent as a string ("amountCents": "12") is an error, not a number (the web defaults would read it).
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            NumberHandling = JsonNumberHandling.Strict,
            AllowDuplicateProperties = false,
        };
        return new EventTypeRegistry(json)
            .Register<StudentEnrolled>("student-enrolled")
            .Register<PaymentCaptured>("payment-captured.v2")
            .Register<PaymentRefunded>("payment-refunded")
            .Register<LessonCompleted>("lesson-completed")
            .Register<EnrollmentCancelled>("enrollment-cancelled")
            .Upcast("payment-captured.v1", "payment-captured.v2", UpcastPaymentCapturedV1);
    }

    /// <summary>
    /// v1 (until 2024): <c>{"amount": 49.99, "reference": "pay_1"}</c>, dollars as a decimal, currency implied.
    /// v2: <c>{"amountCents": 4999, "currency": "USD", "paymentReference": "pay_1"}</c>.
    /// </summary>
    public static JsonObject UpcastPaymentCapturedV1(JsonObject v1)
    {
        ArgumentNullException.ThrowIfNull(v1);
        var dollars = v1["amount"]!.GetValue<decimal>();
        return new JsonObject
        {
            ["amountCents"] = (long)decimal.Round(dollars * 100m, MidpointRounding.AwayFromZero),
            ["currency"] = "USD",
            ["paymentReference"] = v1["reference"]?.GetValue<string>() ?? "unknown",
        };
    }
}
