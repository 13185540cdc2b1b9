using EduPlatform.Platform.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EduPlatform.Platform.Modules.Videos;

/// <summary>
/// Video metadata (public) and streaming chunks (signed-in learners). The chunk endpoint is the
/// platform's expensive path: every chunk goes through the <see cref="LegacyTranscoder"/>.
/// </summary>
public sealed class VideosModule : IPlatformModule
{
    public const string ModuleName = "videos";

    public string Name => ModuleName;

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDatabase<VideosDatabase>(ModuleName, configuration);
        services.AddOptions<TranscoderOptions>()
            .Bind(configuration.GetSection(TranscoderOptions.Section))
            .Validate(options => options is { BlockingMilliseconds: >= 0, CpuMilliseconds: >= 0, ChunkBytes: > 0 and <= 4 * 1024 * 1024 },
                $"{TranscoderOptions.Section}: BlockingMilliseconds and CpuMilliseconds must be >= 0, ChunkBytes between 1 and 4 MiB.")
            .ValidateOnStart();
        services.AddSingleton<LegacyTranscoder>();
        services.AddSingleton<VideoLibrary>();
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        var videos = endpoints.MapGroup("/api/videos");
        videos.MapGet("/", (int? courseId, VideoLibrary library, CancellationToken cancellationToken) => library.ListAsync(courseId, cancellationToken))
            .AllowAnonymous();
        videos.MapGet("/{id}", async Task<Results<Ok<Video>, ProblemHttpResult>> (int id, VideoLibrary library, CancellationToken cancellationToken) =>
            await library.FindAsync(id, cancellationToken) is { } video ? TypedResults.Ok(video) : VideoNotFound(id)).AllowAnonymous();
        videos.MapGet("/{id}/chunks/{index}", StreamChunkAsync).RequireAuthorization();
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> StreamChunkAsync(
        int id, int index, VideoLibrary library, LegacyTranscoder transcoder, CancellationToken cancellationToken)
    {
        var video = await library.FindAsync(id, cancellationToken);
        if (video is null)
        {
            return VideoNotFound(id);
        }

        if (index < 0 || index >= video.ChunkCount)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound, title: "Chunk not found", detail: $"Video {id} has chunks 0 to {video.ChunkCount - 1}.");
        }

        return TypedResults.File(transcoder.TranscodeChunk(id, index), "video/mp2t");
    }

    private static ProblemHttpResult VideoNotFound(int id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Video not found", detail: $"No video has id {id}.");
}
