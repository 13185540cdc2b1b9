namespace EduPlatform.Platform.Modules.Videos;

/// <summary>Section <c>Videos:Transcoder</c>: what one chunk costs to produce.</summary>
public sealed class TranscoderOptions
{
    public const string Section = "Videos:Transcoder";

    /// <summary>
    /// How long the legacy transcoder blocks its calling thread per chunk, using no CPU (the vendor
    /// library waits on its own I/O). Default 100 ms. This is the cost the chapter's claim is about.
    /// </summary>
    public int BlockingMilliseconds { get; set; } = 100;

    /// <summary>How long it computes per chunk, burning a core. Default 0 (see the README's exercise).</summary>
    public int CpuMilliseconds { get; set; }

    /// <summary>Bytes per chunk returned. Default 16 KiB.</summary>
    public int ChunkBytes { get; set; } = 16 * 1024;

    /// <summary>The configuration keys of this section (see <see cref="Hosting.PlatformOptions.Keys"/>).</summary>
    public static class Keys
    {
        public const string BlockingMilliseconds = Section + ":" + nameof(TranscoderOptions.BlockingMilliseconds);
        public const string CpuMilliseconds = Section + ":" + nameof(TranscoderOptions.CpuMilliseconds);
        public const string ChunkBytes = Section + ":" + nameof(TranscoderOptions.ChunkBytes);
    }
}
