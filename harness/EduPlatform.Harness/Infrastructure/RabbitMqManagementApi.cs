using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace EduPlatform.Harness.Infrastructure;

/// <summary>
/// The few calls of RabbitMQ's management HTTP API the harness needs: create and delete a virtual
/// host (with full permissions for our user). Milliseconds per call,
/// where <c>rabbitmqctl</c> needs most of a second to boot its own Erlang VM.
/// </summary>
public sealed class RabbitMqManagementApi : IDisposable
{
    private readonly HttpClient _http;
    private readonly string _user;

    public RabbitMqManagementApi(Uri baseAddress, string user, string password)
    {
        _user = user;
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
    }

    public async Task CreateVirtualHostAsync(string name, CancellationToken cancellationToken)
    {
        using var created = await _http.PutAsync($"api/vhosts/{Uri.EscapeDataString(name)}", null, cancellationToken);
        await EnsureSuccessAsync(created, $"create virtual host '{name}'", cancellationToken);

        var everything = new { configure = ".*", write = ".*", read = ".*" };
        using var permitted = await _http.PutAsJsonAsync(
            $"api/permissions/{Uri.EscapeDataString(name)}/{Uri.EscapeDataString(_user)}", everything, cancellationToken);
        await EnsureSuccessAsync(permitted, $"grant '{_user}' permissions on '{name}'", cancellationToken);
    }

    public async Task DeleteVirtualHostAsync(string name, CancellationToken cancellationToken)
    {
        using var response = await _http.DeleteAsync($"api/vhosts/{Uri.EscapeDataString(name)}", cancellationToken);
        if (response.StatusCode != HttpStatusCode.NotFound)
        {
            await EnsureSuccessAsync(response, $"delete virtual host '{name}'", cancellationToken);
        }
    }

    public void Dispose() => _http.Dispose();

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string action, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new InvalidOperationException(
                $"RabbitMQ management API could not {action}: {(int)response.StatusCode} {body}");
        }
    }
}
