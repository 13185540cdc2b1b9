namespace EduPlatform.Harness.Hosting;

/// <summary>Where a hosted service runs.</summary>
public enum HostingMode
{
    /// <summary>
    /// In the test process, on a real Kestrel port. Fast to start; the test can reach into the
    /// app's services and hand it a fake clock. Kill resets every open connection.
    /// </summary>
    InProcess,

    /// <summary>
    /// As its own <c>dotnet</c> process. For load scenarios (the system under test does not share
    /// the load generator's thread pool) and for real kills: SIGKILL of the process.
    /// </summary>
    OutOfProcess,
}
