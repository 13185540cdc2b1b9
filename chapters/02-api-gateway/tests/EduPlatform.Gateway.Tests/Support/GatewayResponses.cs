using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using EduPlatform.Harness.Hosting;
using EduPlatform.Harness.Waiting;

namespace EduPlatform.Gateway.Tests.Support;

/// <summary>Requests tests send through the gateway, and what every gateway error must look like.</summary>
public static class GatewayResponses
{
    /// <summary>What an answer must never show: stack frames, exception or framework type names, source paths.</summary>
    public static readonly IReadOnlyList<string> InternalDetail =
        ["   at ", "Exception", "StackTrace", "Microsoft.", "System.", "EduPlatform.", ".cs:", "/work/", "/home/", "/tmp/"];

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

        return await client.SendAsync(request, CurrentTest.Cancellation);
    }

    /// <summary>
    /// An RFC 9457 problem written by the gateway: <c>application/problem+json</c>, a body whose status matches, a
    /// title, the correlation id the response header carries, the <c>X-Gateway</c> header, and no internal detail.
    /// </summary>
    public static async Task<JsonElement> ShouldBeGatewayProblemAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await response.Content.ReadAsStringAsync(CurrentTest.Cancellation);
        response.StatusCode.Should().Be(expected, body);
        return ShouldBeGatewayProblem((int)expected, response.Content.Headers.ContentType?.MediaType, body,
            name => response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null);
    }

    /// <inheritdoc cref="ShouldBeGatewayProblemAsync"/>
    public static JsonElement ShouldBeGatewayProblem(this RawHttpResponse response, int expected)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Status.Should().Be(expected, response.Body);
        return ShouldBeGatewayProblem(expected, response.ContentType, response.Body, response.Header);
    }

    /// <summary>A header of an answer read off the wire (<see cref="RawHttpResponse"/> keeps names lower-cased).</summary>
    public static string? Header(this RawHttpResponse response, string name)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(name);
        return response.Headers.GetValueOrDefault(name.ToLowerInvariant());
    }

    /// <summary>No stack frame, type name or source path in <paramref name="body"/>.</summary>
    public static void ShouldShowNoInternalDetail(this string body) =>
        body.Should().NotContainAny(InternalDetail, "an answer must not leak the gateway's internals");

    private static JsonElement ShouldBeGatewayProblem(int expected, string? mediaType, string body, Func<string, string?> header)
    {
        mediaType.Should().Be("application/problem+json", body);
        body.ShouldShowNoInternalDetail();
        header("X-Gateway").Should().NotBeNull("every answer of the gateway carries X-Gateway");
        var problem = JsonDocument.Parse(body).RootElement;
        problem.GetProperty("status").GetInt32().Should().Be(expected);
        problem.GetProperty("title").GetString().Should().NotBeNullOrWhiteSpace();
        problem.GetProperty("correlationId").GetString().Should().Be(header("X-Correlation-Id"));
        return problem;
    }
}
