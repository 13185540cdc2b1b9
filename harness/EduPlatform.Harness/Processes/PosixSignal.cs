using System.Runtime.InteropServices;

namespace EduPlatform.Harness.Processes;

/// <summary>Sends SIGTERM, the "please shut down" signal .NET's <c>Process</c> has no API for.</summary>
internal static partial class PosixSignal
{
    private const int SigTerm = 15;

    /// <summary>Asks the process to stop gracefully (ASP.NET Core drains and exits on SIGTERM).</summary>
    /// <returns>False when the process is already gone.</returns>
    public static bool Terminate(int processId) => Kill(processId, SigTerm) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int processId, int signal);
}
