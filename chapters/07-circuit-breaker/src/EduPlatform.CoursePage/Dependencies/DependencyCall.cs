using System.Net;
using System.Text.Json;
using EduPlatform.CoursePage.Resilience;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;

namespace EduPlatform.CoursePage.Dependencies;

/// <summary>
/// Sends one request through a dependency's HttpClient (and so through its resilience pipeline) and turns every way
/// it can end into a <see cref="DependencyOutcome"/>, counting each in the dependency's monitor.
/// </summary>
public static class DependencyCall
{
    public static async Task<DependencyOutcome> SendAsync(
        HttpClient http,
        DependencyMonitor monitor,
        HttpRequestMessage request,
        CancellationToken cancellationToken)
    {
        monitor.RecordRequested();
        var attempts = new CallAttempts();
        request.Options.Set(AttemptCountingHandler.Attempts, attempts);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
                monitor.RecordSucceeded();
                return DependencyOutcome.Success(body);
            }

            monitor.RecordFailed();
            return DependencyOutcome.Failed(FailureFromStatus(monitor.Name, response));
        }
        catch (BrokenCircuitException) when (attempts.Count > 0)
        {
            // The call was tried and failed, which opened the circuit (or this call was the half-open probe), so its
            // retry was refused. The caller is owed the truth: the dependency failed. "Circuit open" is for calls
            // turned away without a try, and those are answered at once; this one waited for its attempts and backoff.
            monitor.RecordFailed();
            return Failed(monitor.Name, DependencyFailureKind.BadGateway,
                $"The dependency failed ({attempts.Count} attempt(s)); the circuit then opened, so it was not tried again.");
        }
        catch (BrokenCircuitException rejected)
        {
            // IsolatedCircuitException derives from it: an operator-held circuit is reported the same way.
            monitor.RecordRejectedByCircuit();
            return Failed(monitor.Name, DependencyFailureKind.CircuitOpen, "The circuit to this dependency is open: the call was not attempted.", rejected.RetryAfter);
        }
        catch (RateLimiterRejectedException rejected)
        {
            // counted by the bulkhead's OnRejected callback
            return Failed(monitor.Name, DependencyFailureKind.BulkheadFull, "Too many calls to this dependency are in flight: the call was not attempted.", rejected.RetryAfter);
        }
        catch (TimeoutRejectedException)
        {
            monitor.RecordFailed();
            return Failed(monitor.Name, DependencyFailureKind.TimedOut, "The dependency did not answer in time.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient.Timeout, the last resort when the pipeline's timeouts are switched off.
            monitor.RecordFailed();
            return Failed(monitor.Name, DependencyFailureKind.TimedOut, "The dependency did not answer within the HttpClient timeout.");
        }
        catch (HttpRequestException)
        {
            monitor.RecordFailed();
            return Failed(monitor.Name, DependencyFailureKind.BadGateway, "The dependency could not be reached or its answer could not be read.");
        }
        catch (JsonException)
        {
            monitor.RecordFailed();
            return Failed(monitor.Name, DependencyFailureKind.BadGateway, "The dependency answered with a body that is not the expected JSON.");
        }
    }

    private static DependencyFailure FailureFromStatus(string dependency, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        return response.StatusCode switch
        {
            HttpStatusCode.NotFound => new(dependency, DependencyFailureKind.NotFound, "The dependency has no such resource."),
            HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable when DependencyPipeline.RetryAfterOf(response) is { } wait =>
                new(dependency, DependencyFailureKind.Unavailable, $"The dependency answered {status} and asked to be called again later.", wait),
            _ => new(dependency, DependencyFailureKind.BadGateway, $"The dependency answered {status}."),
        };
    }

    private static DependencyOutcome Failed(string dependency, DependencyFailureKind kind, string detail, TimeSpan? retryAfter = null) =>
        DependencyOutcome.Failed(new DependencyFailure(dependency, kind, detail, retryAfter));
}
