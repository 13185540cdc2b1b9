using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace EduPlatform.Platform.Modules.Videos;

/// <summary>
/// The video path's expensive step, as it was in the monolith: a vendor transcoding library with a
/// synchronous API. Each call holds the calling thread until the chunk is ready. It is deliberately
/// NOT async: that is the legacy code this story is about, and what it does to a shared thread pool
/// is the lesson (see the chapter README, "the claim").
/// </summary>
public sealed class LegacyTranscoder(IOptions<TranscoderOptions> options)
{
    private readonly TranscoderOptions _options = options.Value;

    public byte[] TranscodeChunk(int videoId, int chunkIndex)
    {
        if (_options.BlockingMilliseconds > 0)
        {
            // Stands for the library waiting on its own I/O: the thread is blocked, the CPU is idle.
            Thread.Sleep(_options.BlockingMilliseconds);
        }

        if (_options.CpuMilliseconds > 0)
        {
            BurnCpu(TimeSpan.FromMilliseconds(_options.CpuMilliseconds));
        }

        var chunk = new byte[_options.ChunkBytes];
        // Deterministic content: a client can check it got the chunk it asked for.
        var seed = (byte)((videoId * 31) + chunkIndex);
        for (var i = 0; i < chunk.Length; i++)
        {
            chunk[i] = (byte)(seed + i);
        }

        return chunk;
    }

    private static void BurnCpu(TimeSpan duration)
    {
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var spin = 0UL;
        while (Stopwatch.GetTimestamp() < until)
        {
            spin = unchecked((spin * 6364136223846793005UL) + 1442695040888963407UL);
        }

        GC.KeepAlive(spin);
    }
}
