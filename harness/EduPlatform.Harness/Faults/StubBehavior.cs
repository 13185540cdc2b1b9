using WireMock.ResponseBuilders;

namespace EduPlatform.Harness.Faults;

/// <summary>
/// What a <see cref="DownstreamStub"/> does with one request: answer (any status, body, headers,
/// through WireMock's response builder), reset the connection, or break the response half-way;
/// optionally after a fixed or random latency. Immutable: <c>With…</c> returns a copy.
/// </summary>
public sealed record StubBehavior
{
    private StubBehavior(IResponseBuilder? response, StubFault fault)
    {
        Response = response;
        Fault = fault;
    }

    /// <summary>The response to send; null for a reset, which sends nothing.</summary>
    public IResponseBuilder? Response { get; }

    public StubFault Fault { get; }

    /// <summary>Fixed latency, or the lower bound of a random one. Default zero.</summary>
    public TimeSpan MinimumLatency { get; private init; }

    /// <summary>Upper bound of the latency (equal to the minimum when fixed). Default zero.</summary>
    public TimeSpan MaximumLatency { get; private init; }

    /// <summary>Answers <paramref name="statusCode"/> with a text body.</summary>
    public static StubBehavior Respond(int statusCode, string body = "") =>
        From(WireMock.ResponseBuilders.Response.Create().WithStatusCode(statusCode).WithHeader("Content-Type", "text/plain").WithBody(body));

    /// <summary>200 with a text body.</summary>
    public static StubBehavior Ok(string body = "") => Respond(200, body);

    /// <summary>Answers <paramref name="statusCode"/> with a JSON body.</summary>
    public static StubBehavior Json(string json, int statusCode = 200) =>
        From(WireMock.ResponseBuilders.Response.Create().WithStatusCode(statusCode).WithHeader("Content-Type", "application/json").WithBody(json));

    /// <summary>Answers <paramref name="statusCode"/> with an empty body (e.g. 500, 503, 429).</summary>
    public static StubBehavior Status(int statusCode) =>
        From(WireMock.ResponseBuilders.Response.Create().WithStatusCode(statusCode));

    /// <summary>Anything WireMock can build: <c>Response.Create().WithHeader(...).WithBodyAsJson(...)</c>.</summary>
    public static StubBehavior From(IResponseBuilder response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return new StubBehavior(response, StubFault.None);
    }

    /// <summary>Resets the connection (RST) without sending a byte: the client sees "connection reset by peer".</summary>
    public static StubBehavior ConnectionReset() => new(response: null, StubFault.ConnectionReset);

    /// <summary>
    /// Sends 200, its headers and the first half of <paramref name="body"/>, then resets the
    /// connection: the client sees a response that breaks while it reads the body.
    /// </summary>
    public static StubBehavior AbortedResponse(string body = "{\"items\":[1,2,3,4,5,6,7,8]}") =>
        new(WireMock.ResponseBuilders.Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(body),
            StubFault.AbortedResponse);

    /// <summary>The same behaviour, <paramref name="latency"/> later.</summary>
    public StubBehavior WithLatency(TimeSpan latency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(latency, TimeSpan.Zero);
        return this with { MinimumLatency = latency, MaximumLatency = latency };
    }

    /// <summary>The same behaviour after a latency drawn uniformly from [<paramref name="minimum"/>, <paramref name="maximum"/>].</summary>
    public StubBehavior WithRandomLatency(TimeSpan minimum, TimeSpan maximum)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minimum, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximum, minimum);
        return this with { MinimumLatency = minimum, MaximumLatency = maximum };
    }

    internal TimeSpan NextLatency() =>
        MaximumLatency == MinimumLatency
            ? MinimumLatency
            : MinimumLatency + (MaximumLatency - MinimumLatency) * Random.Shared.NextDouble();
}
