using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Polly;

namespace EduPlatform.Bff.Downstreams;

/// <summary>
/// One GET to one of chapter 01's services on behalf of a student: the student's token forwarded as it came, the
/// request's correlation id, and the time the BFF will wait (<see cref="BudgetHeader"/>) so a downstream that honours it
/// can stop work nobody will read. Anything but a readable 2xx body is a <see cref="DownstreamFailedException"/>; a
/// cancelled call is an <see cref="OperationCanceledException"/>, and the HTTP request is aborted with it.
/// </summary>
public sealed class PlatformClient(IHttpClientFactory clients)
{
    public const string BudgetHeader = "X-Request-Budget-Ms";
    public const string CorrelationHeader = "X-Correlation-Id";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <param name="downstream">The named client: users, courses, payments or videos.</param>
    /// <param name="hedging">For the hedged leg, the pipeline that may send a second attempt; each attempt is a new request.</param>
    public async Task<T> GetAsync<T>(string downstream, string path, Student student, TimeSpan? budget,
        ResiliencePipeline<HttpResponseMessage>? hedging, CancellationToken cancellationToken)
    {
        var http = clients.CreateClient(downstream);
        try
        {
            using var response = hedging is null
                ? await SendAsync(http, path, student, budget, cancellationToken)
                : await hedging.ExecuteAsync(ct => new ValueTask<HttpResponseMessage>(SendAsync(http, path, student, budget, ct)), cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new DownstreamFailedException($"{downstream} answered {(int)response.StatusCode}");
            }

            return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken)
                   ?? throw new DownstreamFailedException($"{downstream} answered null");
        }
        catch (HttpRequestException exception)
        {
            // Refused, reset, or a body larger than the client's buffer limit.
            throw new DownstreamFailedException($"{downstream}: {exception.HttpRequestError}", exception);
        }
        catch (JsonException exception)
        {
            throw new DownstreamFailedException($"{downstream} sent a body that is not the expected JSON", exception);
        }
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, string path, Student student, TimeSpan? budget, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", student.AccessToken);
        request.Headers.TryAddWithoutValidation(CorrelationHeader, student.CorrelationId);
        if (budget is { } left)
        {
            request.Headers.TryAddWithoutValidation(BudgetHeader, ((long)left.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
        }

        // Buffered (the default completion option): the body is read under the same token, so a deadline that fires
        // mid-body aborts the read too.
        return SendOwningAsync(http, request, cancellationToken);
    }

    private static async Task<HttpResponseMessage> SendOwningAsync(HttpClient http, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            return await http.SendAsync(request, cancellationToken);
        }
    }
}
