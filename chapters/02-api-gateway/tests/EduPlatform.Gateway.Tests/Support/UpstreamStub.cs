using EduPlatform.Harness.Faults;
using WireMock.Logging;

namespace EduPlatform.Gateway.Tests.Support;

/// <summary>
/// A downstream service played by the harness's <see cref="DownstreamStub"/> that passes the
/// gateway's active health probe (<c>/health/ready</c> answers 200 unless told otherwise) and lets a
/// test read the headers each request arrived with.
/// </summary>
public sealed class UpstreamStub : IDisposable
{
    public const string HealthPath = "/health/ready";

    private UpstreamStub(DownstreamStub stub) => Stub = stub;

    public DownstreamStub Stub { get; }

    public Uri BaseAddress => Stub.BaseAddress;

    public static UpstreamStub Start()
    {
        var upstream = new UpstreamStub(DownstreamStub.Start());
        upstream.Stub.Map(HealthPath, StubBehavior.Json("""{"status":"Healthy"}"""));
        return upstream;
    }

    public UpstreamStub Map(string path, StubTimeline behavior)
    {
        Stub.Map(path, behavior);
        return this;
    }

    /// <summary>Requests to anything but the health probe.</summary>
    public IReadOnlyList<StubRequest> Calls => Stub.Journal.Requests.Where(request => request.Path != HealthPath).ToArray();

    /// <summary>The headers of every non-probe request the stub received, in arrival order.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> ReceivedHeaders() =>
        Stub.Server.LogEntries
            .Where(entry => entry.RequestMessage?.Path != HealthPath)
            .OrderBy(entry => entry.RequestMessage!.DateTime)
            .Select(Headers)
            .ToArray();

    /// <summary>Forgets the requests received so far (mappings stay): for fixtures shared by a class's tests.</summary>
    public void ForgetCalls()
    {
        Stub.Journal.Clear();
        Stub.Server.ResetLogEntries();
    }

    public void Dispose() => Stub.Dispose();

    private static IReadOnlyDictionary<string, string> Headers(ILogEntry entry) =>
        (entry.RequestMessage!.Headers ?? new Dictionary<string, WireMock.Types.WireMockList<string>>())
            .ToDictionary(header => header.Key, header => string.Join(",", header.Value), StringComparer.OrdinalIgnoreCase);
}
