using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace EduPlatform.Gateway.Tests.Support;

/// <summary>Requests tests send through the gateway, and what every gateway error must look like.</summary>
public static class GatewayResponses
{
    public static async Task<HttpResponseMessage> GetAsync(this HttpClient client, string path, string? token, IDictionary<string, string>? headers = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// An RFC 9457 problem written by the gateway: <c>application/problem+json</c>, a body whose
    /// status matches, a title, the correlation id the response header carries, the
    /// <c>X-Gateway</c> header, and nothing that looks like a stack trace.
    /// </summary>
    public static async Task<JsonElement> ShouldBeGatewayProblemAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        response.StatusCode.Should().Be(expected, body);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json", body);
        body.Should().NotContainAny("   at ", "Exception", "StackTrace");
        response.Headers.Should().ContainKey("X-Gateway");
        var problem = JsonDocument.Parse(body).RootElement;
        problem.GetProperty("status").GetInt32().Should().Be((int)expected);
        problem.GetProperty("title").GetString().Should().NotBeNullOrWhiteSpace();
        problem.GetProperty("correlationId").GetString().Should().Be(response.Headers.GetValues("X-Correlation-Id").Single());
        return problem;
    }
}
