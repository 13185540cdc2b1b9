using Microsoft.AspNetCore.Connections.Features;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using WireMock;
using WireMock.ResponseProviders;
using WireMock.Settings;

namespace EduPlatform.Harness.Faults;

/// <summary>
/// A WireMock response provider that plays a <see cref="StubTimeline"/> or a <see cref="StubSequence"/>:
/// it picks the behaviour for this request (by its arrival on the stub's clock, or by its number),
/// waits out its latency counted from that arrival on the stub's clock, then answers through WireMock
/// or breaks the connection itself (WireMock's own faults send malformed bodies, never an RST).
/// </summary>
internal sealed class StubResponder(Func<DateTimeOffset, StubBehavior> behaviorFor, TimeProvider clock) : IResponseProvider
{
    /// <summary>Plays <paramref name="timeline"/> from now, on <paramref name="clock"/>.</summary>
    public static StubResponder For(StubTimeline timeline, TimeProvider clock)
    {
        var startedAt = clock.GetUtcNow();
        return new StubResponder(arrivedAt => timeline.BehaviorAt(arrivedAt - startedAt), clock);
    }

    /// <summary>Plays <paramref name="sequence"/> from its first step, one step per request answered.</summary>
    public static StubResponder For(StubSequence sequence, TimeProvider clock)
    {
        var answered = -1L;
        return new StubResponder(_ => sequence.BehaviorFor(Interlocked.Increment(ref answered)), clock);
    }

    public async Task<(IResponseMessage Message, IMapping? Mapping)> ProvideResponseAsync(
        IMapping mapping, HttpContext context, IRequestMessage requestMessage, WireMockServerSettings settings)
    {
        var arrivedAt = StubArrival.Of(context) ?? clock.GetUtcNow();
        var behavior = behaviorFor(arrivedAt);
        // Counted from arrival, not from now: WireMock's matching can take a while (JIT on a busy machine), and a
        // fake clock moved in the meantime must still release the response.
        var remaining = arrivedAt + behavior.NextLatency() - clock.GetUtcNow();
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining, clock, context.RequestAborted);
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
