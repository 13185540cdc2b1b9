using Xunit;

namespace EduPlatform.Harness.Waiting;

/// <summary>
/// The running test's cancellation token (cancelled when the test times out or the run is aborted), in one place
/// instead of a private accessor in every test class. Outside a test it is <see cref="CancellationToken.None"/>.
/// </summary>
public static class CurrentTest
{
    public static CancellationToken Cancellation => TestContext.Current.CancellationToken;
}
