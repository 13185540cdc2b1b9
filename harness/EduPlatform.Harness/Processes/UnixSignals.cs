using System.Runtime.InteropServices;

namespace EduPlatform.Harness.Processes;

/// <summary>
/// The few POSIX calls the harness needs that .NET does not expose: sending a chosen signal to a
/// process or a whole process group (a graceful stop is SIGINT for PostgreSQL, SIGTERM for Redis
/// and RabbitMQ; <see cref="System.Diagnostics.Process.Kill()"/> only knows SIGKILL), and asking
/// whether we run as root (PostgreSQL refuses to).
/// </summary>
public static partial class UnixSignals
{
    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigTerm = 15;

    private const int NoSuchProcess = 3; // ESRCH

    /// <summary>Sends <paramref name="signal"/> to one process. Returns false when it no longer exists.</summary>
    public static bool Send(int processId, int signal) => SendRaw(processId, signal);

    /// <summary>Sends <paramref name="signal"/> to every process in a process group.</summary>
    public static bool SendToGroup(int processGroupId, int signal) => SendRaw(-processGroupId, signal);

    /// <summary>True while any process of the group is alive (signal 0 checks without delivering).</summary>
    public static bool IsGroupAlive(int processGroupId) => SendRaw(-processGroupId, 0);

    /// <summary>True while the process exists (a zombie counts until its parent reaps it).</summary>
    public static bool IsAlive(int processId) => SendRaw(processId, 0);

    public static bool IsRoot => OperatingSystem.IsWindows() ? false : GetEffectiveUserId() == 0;

    private static bool SendRaw(int target, int signal)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("Process signals are POSIX-only; the native backend runs on Linux and macOS.");
        }

        if (Kill(target, signal) == 0)
        {
            return true;
        }

        var error = Marshal.GetLastPInvokeError();
        // EPERM means the process exists but belongs to someone else: still alive.
        return error != NoSuchProcess;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int sig);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();
}
