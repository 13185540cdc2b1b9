using System.Net.Http.Json;
using System.Text.Json;
using EduPlatform.Harness.Waiting;

namespace EduPlatform.CircuitBreaker.Tests.CoursePage;

/// <summary>What every error answer of the course page must be: RFC 9457 problem+json of the expected type, its status repeated in the body.</summary>
internal static class Problems
{
    public static async Task<JsonElement> ExpectAsync(HttpResponseMessage response, string type)
    {
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(CurrentTest.Cancellation);
        problem.GetProperty("type").GetString().Should().Be(type);
        problem.GetProperty("status").GetInt32().Should().Be((int)response.StatusCode);
        return problem;
    }
}
