using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using EduPlatform.Cqrs.Domain;
using EduPlatform.Cqrs.Projections;
using EduPlatform.Cqrs.Queries;

namespace EduPlatform.Cqrs.Testing;

/// <summary>The system's HTTP API, typed: what a client of the platform would write. Non-2xx answers throw <see cref="CqrsApiException"/>.</summary>
/// <remarks>Every call is cancelled by the token given at construction (the test's, or the claim's).</remarks>
public sealed class CqrsClient(HttpClient http, CancellationToken cancellation = default) : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public HttpClient Http => http;

    public Task<CommandResult> EnrollAsync(string courseId, string studentId, string studentName) =>
        PostAsync<CommandResult>($"courses/{courseId}/enrollments", new { studentId, studentName });

    public Task<CommandResult> CompleteLessonAsync(string courseId, string studentId, string lessonId) =>
        PostAsync<CommandResult>($"courses/{courseId}/enrollments/{studentId}/completed-lessons", new { lessonId });

    public Task<CommandResult> SubmitQuizAsync(string courseId, string studentId, string quizId, int score) =>
        PostAsync<CommandResult>($"courses/{courseId}/enrollments/{studentId}/quiz-submissions", new { quizId, score });

    public Task<CommandResult> DropAsync(string courseId, string studentId, string reason) =>
        PostAsync<CommandResult>($"courses/{courseId}/enrollments/{studentId}/drop", new { reason });

    public Task<QueryAnswer<StudentProgress>> ProgressAsync(string studentId, long? position = null, int? waitMs = null) =>
        GetAsync<QueryAnswer<StudentProgress>>($"students/{studentId}/progress{Consistency(position, waitMs, first: true)}");

    public Task<QueryAnswer<CourseRoster>> RosterAsync(string courseId, long? position = null, int? waitMs = null) =>
        GetAsync<QueryAnswer<CourseRoster>>($"courses/{courseId}/roster{Consistency(position, waitMs, first: true)}");

    public Task<QueryAnswer<Leaderboard>> LeaderboardAsync(string courseId, ReadSide side = ReadSide.Postgres, int top = 10, long? position = null,
        int? waitMs = null) =>
        GetAsync<QueryAnswer<Leaderboard>>(
            $"courses/{courseId}/leaderboard?top={top}&source={side.ToString().ToLowerInvariant()}{Consistency(position, waitMs, first: false)}");

    public Task<ProjectionStatus[]> ProjectionsAsync() =>
        GetAsync<ProjectionStatus[]>("projections");

    public Task<DeadLetter[]> DeadLettersAsync() =>
        GetAsync<DeadLetter[]>("projections/dead-letters");

    public Task<Generation[]> GenerationsAsync() =>
        GetAsync<Generation[]>("generations");

    /// <summary>Starts a blue/green rebuild; returns the new generation's version.</summary>
    public async Task<int> StartRebuildAsync() =>
        (await PostAsync<JsonElement>("rebuilds", new { })).GetProperty("version").GetInt32();

    public Task<RebuildProgressAnswer> RebuildAsync(int version) =>
        GetAsync<RebuildProgressAnswer>($"rebuilds/{version}");

    public Task<JsonElement> ActivateAsync(int version, int? waitMs = null) =>
        PostAsync<JsonElement>($"generations/{version}/activate{(waitMs is { } w ? $"?waitMs={w}" : "")}", new { });

    public async Task DropGenerationAsync(int version)
    {
        using var response = await http.DeleteAsync(new Uri($"generations/{version}", UriKind.Relative), cancellation);
        await EnsureSuccessAsync(response);
    }

    public void Dispose() => http.Dispose();

    private static string Consistency(long? position, int? waitMs, bool first)
    {
        var parts = new List<string>();
        if (position is { } p)
        {
            parts.Add("position=" + p.ToString(CultureInfo.InvariantCulture));
        }

        if (waitMs is { } w)
        {
            parts.Add("waitMs=" + w.ToString(CultureInfo.InvariantCulture));
        }

        return parts.Count == 0 ? "" : (first ? "?" : "&") + string.Join("&", parts);
    }

    private async Task<T> PostAsync<T>(string path, object body)
    {
        using var response = await http.PostAsJsonAsync(new Uri(path, UriKind.Relative), body, Json, cancellation);
        await EnsureSuccessAsync(response);
        return (await response.Content.ReadFromJsonAsync<T>(Json, cancellation))!;
    }

    private async Task<T> GetAsync<T>(string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative), cancellation);
        await EnsureSuccessAsync(response);
        return (await response.Content.ReadFromJsonAsync<T>(Json, cancellation))!;
    }

    private async Task EnsureSuccessAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new CqrsApiException((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellation));
        }
    }
}

/// <summary>A rebuild's progress as <c>GET /rebuilds/{version}</c> answers it.</summary>
public sealed record RebuildProgressAnswer(Generation Generation, ProjectionStatus? Projection, double PercentDone);

/// <summary>A non-2xx answer: its status and body (a problem+json document).</summary>
public sealed class CqrsApiException(int status, string body) : Exception($"HTTP {status}: {body}")
{
    public int Status { get; } = status;

    public string Body { get; } = body;
}
