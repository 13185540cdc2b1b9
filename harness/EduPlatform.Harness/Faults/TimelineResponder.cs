using Microsoft.AspNetCore.Connections.Features;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using WireMock;
using WireMock.ResponseProviders;
using WireMock.Settings;

namespace EduPlatform.Harness.Faults;

/// <summary>
/// A WireMock response provider that plays a <see cref="StubTimeline"/>: it picks the behaviour in
/// force on the stub's clock, waits its latency on that clock, then answers through WireMock or
/// breaks the connection itself (WireMock's own faults send malformed bodies, never an RST).
/// </summary>
internal sealed class TimelineResponder(StubTimeline timeline, TimeProvider clock) : IResponseProvider
{
    private readonly DateTimeOffset _startedAt = clock.GetUtcNow();

    public async Task<(IResponseMessage Message, IMapping? Mapping)> ProvideResponseAsync(
        IMapping mapping, HttpContext context, IRequestMessage requestMessage, WireMockServerSettings settings)
    {
        var behavior = timeline.BehaviorAt(clock.GetUtcNow() - _startedAt);
        var latency = behavior.NextLatency();
        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, clock, context.RequestAborted);
        }

        switch (behavior.Fault)
        {
            case StubFault.ConnectionReset:
                Reset(context);
                return (Nothing(), mapping);

            case StubFault.AbortedResponse:
                var (full, _) = await behavior.Response!.ProvideResponseAsync(mapping, context, requestMessage, settings);
                await SendHalfThenResetAsync(context, full);
                return (Nothing(), mapping);

            default:
                return await behavior.Response!.ProvideResponseAsync(mapping, context, requestMessage, settings);
        }
    }

    /// <summary>
    /// Writes the status line, the headers (promising the whole body) and half the body straight to
    /// the socket, then resets it. Straight to the socket because Kestrel's flush only reaches its
    /// output pipe: an RST right after it could overtake the bytes, and the client would see a
    /// plain reset instead of a response that breaks half-way.
    /// </summary>
    private static async Task SendHalfThenResetAsync(HttpContext context, IResponseMessage full)
    {
        var socket = context.Features.Get<IConnectionSocketFeature>()?.Socket
                     ?? throw new InvalidOperationException("The stub's server exposes no socket to abort.");
        var body = full.BodyData?.BodyAsBytes ?? Encoding.UTF8.GetBytes(full.BodyData?.BodyAsString ?? "");
        var status = full.StatusCode is int code ? code : 200;
        var head = Encoding.ASCII.GetBytes(
            $"HTTP/1.1 {status} {ReasonPhrases.GetReasonPhrase(status)}\r\n" +
            $"Content-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n");
        await socket.SendAsync(head, context.RequestAborted);
        await socket.SendAsync(body.AsMemory(0, body.Length / 2), context.RequestAborted);
        Reset(context);
    }

    private static void Reset(HttpContext context)
    {
        if (context.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket)
        {
            TcpReset.Reset(socket);
        }

        context.Abort();
    }

    /// <summary>What WireMock gets back after the connection is gone: its write goes nowhere.</summary>
    private static ResponseMessage Nothing() => new() { StatusCode = 499 };
}
