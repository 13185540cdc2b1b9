using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using EduPlatform.Platform.Modules.Videos;

namespace EduPlatform.Platform.Testing;

/// <summary>
/// The chapter claim's two loads against a running platform, as requests any driver can send: the catalogue read
/// <c>GET /api/courses/1</c> at Courses (anonymous and cheap: the path that must stay fast) and the chunk stream
/// <c>GET /api/videos/1/chunks/{n}</c> at Videos (signed in as Alice; every chunk goes through the blocking legacy
/// transcoder, the cost the claim is about). The chapter's tests send a few of each and check every answer; the claim
/// sends thousands through the load engine and measures them.
/// </summary>
public sealed class VideoLoadWorkload
{
    private const int CourseId = 1;
    private const int VideoId = 1;

    private readonly Uri _videos;
    private readonly string _token;
    private readonly int _chunkCount;
    private int _chunk;

    private VideoLoadWorkload(Uri courseRead, Uri videos, string token, int chunkCount)
    {
        CourseReadUrl = courseRead;
        _videos = videos;
        _token = token;
        _chunkCount = chunkCount;
    }

    /// <summary>The catalogue read's address (the same for every request).</summary>
    public Uri CourseReadUrl { get; }

    /// <summary>Signs Alice in and reads how many chunks the streamed video has.</summary>
    public static async Task<VideoLoadWorkload> PrepareAsync(PlatformSystem platform, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(platform);
        var token = await platform.IssueTokenAsync(DemoAccounts.Alice, cancellationToken);
        var video = await platform.Client(PlatformModules.Videos).GetFromJsonAsync<Video>($"/api/videos/{VideoId}", cancellationToken)
                    ?? throw new InvalidOperationException($"video {VideoId} is not in the catalogue");
        return new VideoLoadWorkload(
            new Uri(platform.BaseAddress(PlatformModules.Courses), $"/api/courses/{CourseId}"), platform.BaseAddress(PlatformModules.Videos), token, video.ChunkCount);
    }

    public HttpRequestMessage CourseRead() => new(HttpMethod.Get, CourseReadUrl);

    /// <summary>The next chunk of the video, round and round, so no chunk is a cache's favourite.</summary>
    public HttpRequestMessage NextChunk()
    {
        var index = (int)((uint)Interlocked.Increment(ref _chunk) % (uint)_chunkCount);
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_videos, $"/api/videos/{VideoId}/chunks/{index}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        return request;
    }

    /// <summary>
    /// The standalone driver: <paramref name="courseReads"/> catalogue reads and <paramref name="chunks"/> chunks, all at
    /// once, each answer checked (course 1 as JSON; a whole chunk as <c>video/mp2t</c>). Returns what went wrong, if anything.
    /// </summary>
    public async Task<IReadOnlyList<string>> SendAndVerifyAsync(HttpClient client, int courseReads, int chunks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var reads = Enumerable.Range(0, courseReads).Select(_ => SendAsync(client, CourseRead(), "application/json", cancellationToken));
        var streams = Enumerable.Range(0, chunks).Select(_ => SendAsync(client, NextChunk(), "video/mp2t", cancellationToken));
        var failures = await Task.WhenAll(reads.Concat(streams));
        return failures.OfType<string>().ToList();
    }

    private static async Task<string?> SendAsync(HttpClient client, HttpRequestMessage request, string mediaType, CancellationToken cancellationToken)
    {
        using (request)
        {
            using var response = await client.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            return response.StatusCode == HttpStatusCode.OK && response.Content.Headers.ContentType?.MediaType == mediaType && body.Length > 0
                ? null
                : $"{request.RequestUri}: {(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType}, {body.Length} bytes";
        }
    }
}
