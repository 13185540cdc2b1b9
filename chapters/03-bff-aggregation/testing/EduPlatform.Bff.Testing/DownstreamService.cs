using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EduPlatform.Harness.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EduPlatform.Bff.Testing;

/// <summary>
/// One of chapter 01's services as the BFF sees it: its one route with its contract's JSON (per student, read from the
/// forwarded token; 401 without one), on a real loopback port through the harness's hosting, so it can be killed and
/// restarted on the same port. Its <see cref="Behavior"/> (latency distribution, failure) can change at any time; every
/// call lands in <see cref="Calls"/> with when it started and ended, so "still running" is a count, not a guess.
/// </summary>
public sealed class DownstreamService : IAsyncDisposable
{
    private readonly TimeProvider _clock;
    private readonly Func<string, JsonNode> _answerFor;
    private readonly bool _perStudent;
    private LegBehavior _behavior;

    private DownstreamService(string name, string path, bool perStudent, Func<string, JsonNode> answerFor, LegBehavior behavior, TimeProvider clock)
    {
        Name = name;
        Path = path;
        _perStudent = perStudent;
        _answerFor = answerFor;
        _behavior = behavior;
        _clock = clock;
    }

    public string Name { get; }

    /// <summary>The route the BFF calls, e.g. <c>/api/users/me</c>.</summary>
    public string Path { get; }

    public DownstreamCallLog Calls { get; } = new();

    public ServiceInstance Instance { get; private set; } = null!;

    public Uri BaseAddress => Instance.BaseAddress;

    /// <summary>What the stub does with the next call. Thread-safe; takes effect for calls that start after the change.</summary>
    public LegBehavior Behavior
    {
        get => Volatile.Read(ref _behavior);
        set => Volatile.Write(ref _behavior, value ?? throw new ArgumentNullException(nameof(value)));
    }

    public static async Task<DownstreamService> StartAsync(
        string name, string path, bool perStudent, Func<string, JsonNode> answerFor, LegBehavior behavior, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var service = new DownstreamService(name, path, perStudent, answerFor, behavior, clock);
        service.Instance = await ServiceHost.StartAsync(
            ServiceApp.Create(name, _ => { }, app => app.MapGet(path, service.AnswerAsync)),
            new ServiceHostOptions { MinimumLogLevel = LogLevel.Warning, Readiness = ReadinessProbe.TcpConnect },
            cancellationToken);
        return service;
    }

    /// <summary>Abrupt: open connections reset, new ones refused, until <see cref="RestartAsync"/>.</summary>
    public Task KillAsync() => Instance.KillAsync();

    /// <summary>Back on the same port.</summary>
    public Task RestartAsync(CancellationToken cancellationToken = default) => Instance.RestartAsync(cancellationToken);

    public ValueTask DisposeAsync() => Instance?.DisposeAsync() ?? ValueTask.CompletedTask;

    public override string ToString() => $"{Name} {Path} ({Behavior})";

    private async Task AnswerAsync(HttpContext context)
    {
        var headers = context.Request.Headers;
        var authorization = headers.Authorization.Count == 0 ? null : headers.Authorization.ToString();
        var subject = SubjectOf(authorization);
        var call = Calls.Begin(authorization, headers["X-Correlation-Id"].FirstOrDefault(), headers["X-Request-Budget-Ms"].FirstOrDefault(), subject);
        try
        {
            var behavior = Behavior;
            var latency = behavior.Latency.Next(Random.Shared);
            if (latency > TimeSpan.Zero)
            {
                await Task.Delay(latency, _clock, context.RequestAborted);
            }

            await WriteAsync(context, behavior.Failure, subject);
            call.Finish(CallEnd.Answered);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            call.Finish(CallEnd.Aborted);
        }
    }

    private async Task WriteAsync(HttpContext context, LegFailure failure, string? subject)
    {
        switch (failure)
        {
            case LegFailure.ServerError:
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.ContentType = "application/problem+json";
                await context.Response.WriteAsync("""{"title":"Service unavailable","status":503}""", context.RequestAborted);
                return;
            case LegFailure.ConnectionReset:
                if (context.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket)
                {
                    socket.LingerState = new System.Net.Sockets.LingerOption(enable: true, seconds: 0);
                }

                context.Abort();
                return;
            case LegFailure.MalformedBody:
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{\"not\": [\"the contract", context.RequestAborted);
                return;
        }

        if (_perStudent && subject is null)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(_answerFor(subject ?? "").ToJsonString(), context.RequestAborted);
    }

    /// <summary>The <c>sub</c> of a bearer token, read without checking it (a stub trusts the BFF, which checked it).</summary>
    private static string? SubjectOf(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return null;
        }

        var parts = authorization["Bearer ".Length..].Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            var payload = parts[1].Replace('-', '+').Replace('_', '/');
            payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
            using var claims = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
            return claims.RootElement.TryGetProperty("sub", out var sub) ? sub.GetString() : null;
        }
        catch (Exception exception) when (exception is FormatException or JsonException)
        {
            return null;
        }
    }
}
