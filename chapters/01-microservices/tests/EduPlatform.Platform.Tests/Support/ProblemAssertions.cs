using System.Net;
using System.Text.Json;
using EduPlatform.Harness.Hosting;
using EduPlatform.Harness.Waiting;

namespace EduPlatform.Platform.Tests.Support;

/// <summary>
/// Every error the platform answers is an RFC 9457 problem that tells the client what was wrong and nothing about
/// how the platform is built.
/// </summary>
public static class ProblemAssertions
{
    /// <summary>
    /// What a client must never read in an answer: stack frames, exception and framework type names, the database's
    /// own words, and the handler's internals (minimal APIs name a failed parameter as <c>"ChargeRequest request"</c>).
    /// </summary>
    private static readonly string[] InternalDetail =
    [
        "   at ", "Exception", "StackTrace", "Npgsql", "Postgres", "SqlState", "System.", "Microsoft.", "EduPlatform.",
        "parameter \"", "Request request", "ChargeRequest", "LoginRequest", "AddPaymentMethodRequest", "Nullable`",
    ];

    /// <summary>
    /// Asserts the response is an RFC 9457 problem: <c>application/problem+json</c>, a body whose <c>status</c>
    /// matches the response, a title, and no internal detail.
    /// </summary>
    public static async Task<JsonElement> ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        ArgumentNullException.ThrowIfNull(response);
        var text = await response.Content.ReadAsStringAsync(CurrentTest.Cancellation);
        return ShouldBeProblem((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, text, expected);
    }

    /// <summary>The same, for a response to a request sent byte for byte.</summary>
    public static JsonElement ShouldBeProblem(this RawHttpResponse response, HttpStatusCode expected)
    {
        ArgumentNullException.ThrowIfNull(response);
        return ShouldBeProblem(response.Status, response.ContentType, response.Body, expected);
    }

    private static JsonElement ShouldBeProblem(int status, string? mediaType, string body, HttpStatusCode expected)
    {
        status.Should().Be((int)expected, body);
        mediaType.Should().Be("application/problem+json", body);
        body.Should().NotContainAny(InternalDetail);
        var problem = JsonDocument.Parse(body).RootElement;
        problem.GetProperty("status").GetInt32().Should().Be((int)expected);
        problem.GetProperty("title").GetString().Should().NotBeNullOrWhiteSpace();
        // The body is JSON: a quote in the detail is escaped there, so the detail is read back and checked as text too.
        (problem.TryGetProperty("detail", out var detail) ? detail.GetString() : null)?.Should().NotContainAny(InternalDetail);
        return problem;
    }
}
