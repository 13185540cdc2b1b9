namespace EduPlatform.Harness.Infrastructure.Native;

/// <summary>
/// A temporary folder for one native server's data, sockets and logs, under
/// <c>$TMPDIR/eduplatform-workbook/</c>, named for the server and the owning process so a leftover
/// one is easy to trace. The server's reaper deletes it if the owner dies.
/// </summary>
internal static class ScratchFolder
{
    public static string Create(string server)
    {
        var root = Path.Combine(Path.GetTempPath(), "eduplatform-workbook");
        if (!Directory.Exists(root))
        {
            Directory.CreateDirectory(root);
            if (!OperatingSystem.IsWindows())
            {
                // Shared like /tmp itself (sticky, world-writable): root's run and a user's run may both use it.
                File.SetUnixFileMode(root, (UnixFileMode)0b1_111_111_111);
            }
        }

        var folder = Path.Combine(root, $"{server}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(folder);
        return folder;
    }

    public static void Delete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone (the reaper or a previous dispose removed it).
        }
    }
}
