using EduPlatform.Harness.Hosting;
using EduPlatform.Load.Proving;

namespace EduPlatform.Gateway.Claims;

/// <summary>
/// Where a claim hosts the system under test. A full run puts every part in its own process, so that none shares a
/// thread pool with the load generator (its timings are judged). A quick run (<c>prove --quick</c>, the chapter's
/// tests) judges no timing, only correctness, so it hosts in process and starts in about a second instead of ten; the
/// chapter's tests start the system out of process on their own (<c>OutOfProcessSystemTests</c>).
/// </summary>
internal static class ClaimHosting
{
    public static HostingMode For(ClaimContext context) =>
        context.Quick ? HostingMode.InProcess : HostingMode.OutOfProcess;
}
