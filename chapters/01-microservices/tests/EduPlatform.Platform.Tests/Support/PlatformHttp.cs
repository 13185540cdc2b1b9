using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EduPlatform.Harness.Waiting;
using EduPlatform.Platform.Testing;

namespace EduPlatform.Platform.Tests.Support;

/// <summary>The HTTP calls tests make again and again, against any shape.</summary>
public static class PlatformHttp
{
    /// <summary>Logs <paramref name="account"/> in and returns the access token, within the running test.</summary>
    public static Task<string> LoginAsync(this PlatformSystem platform, DemoAccount account)
    {
        ArgumentNullException.ThrowIfNull(platform);
        return platform.IssueTokenAsync(account, CurrentTest.Cancellation);
    }

    public static async Task<HttpResponseMessage> SendAsync(
        this HttpClient client, HttpMethod method, string path, string? token = null, HttpContent? content = null, IDictionary<string, string>? headers = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var request = new HttpRequestMessage(method, path) { Content = content };
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

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return await response.Content.ReadFromJsonAsync<JsonElement>(CurrentTest.Cancellation);
    }

    public static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    public static StringContent Json(object body) => Json(JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
}
