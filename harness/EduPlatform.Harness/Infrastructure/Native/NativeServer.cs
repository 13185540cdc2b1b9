using EduPlatform.Harness.Processes;

namespace EduPlatform.Harness.Infrastructure.Native;

/// <summary>What every native server is: a process group in a scratch folder, both gone on dispose.</summary>
internal abstract class NativeServer(ServerProcess process, string folder, ServerEndpoint endpoint) : IInfrastructureServer
{
    /// <summary>The running process; replaced when a server restarts with its data (same folder, same ports).</summary>
    protected ServerProcess Process { get; set; } = process;

    protected string Folder { get; } = folder;

    public InfrastructureBackend Backend => InfrastructureBackend.Native;

    public ServerEndpoint Endpoint { get; } = endpoint;

    public string Location => $"pid {Process.ProcessId}, folder {Folder}";

    public string LogTail() => Process.OutputTail();

    public virtual async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        ScratchFolder.Delete(Folder);
        GC.SuppressFinalize(this);
    }
}
