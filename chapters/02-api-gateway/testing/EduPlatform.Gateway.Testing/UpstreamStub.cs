using EduPlatform.Harness.Faults;

namespace EduPlatform.Gateway.Testing;

/// <summary>
/// A downstream service played by the harness's <see cref="DownstreamStub"/> that passes the gateway's active health
/// probe (<c>/health/ready</c> answers 200 unless told otherwise) and lets a caller read the requests that reached it.
/// </summary>
public sealed class UpstreamStub : IDisposable
{
    public const string HealthPath = "/health/ready";

    private UpstreamStub(DownstreamStub stub) => Stub = stub;

    public DownstreamStub Stub { get; }

    public Uri BaseAddress => Stub.BaseAddress;

    /// <summary>Requests to anything but the health probe, in arrival order, with the headers they arrived with.</summary>
    public IReadOnlyList<StubRequest> Calls => Stub.Journal.Requests.Where(request => request.Path != HealthPath).ToArray();

    public static UpstreamStub Start(TimeProvider? clock = null)
    {
        var upstream = new UpstreamStub(DownstreamStub.Start(clock));
        upstream.Stub.Map(HealthPath, StubBehavior.Json("""{"status":"Healthy"}"""));
        return upstream;
    }

    public UpstreamStub Map(string path, StubTimeline behavior)
    {
        Stub.Map(path, behavior);
        return this;
    }

    /// <summary>Forgets the requests received so far (mappings stay): for systems shared by a class's tests.</summary>
    public void ForgetCalls() => Stub.Journal.Clear();

    public void Dispose() => Stub.Dispose();
}
