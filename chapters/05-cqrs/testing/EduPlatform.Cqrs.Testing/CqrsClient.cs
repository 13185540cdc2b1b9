using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using EduPlatform.Cqrs.Domain;
using EduPlatform.Cqrs.Projections;
using EduPlatform.Cqrs.Queries;

namespace EduPlatform.Cqrs.Testing;

/// <summary>The system's HTTP API, typed: what a client of the platform would write. Non-2xx answers throw <see cref="CqrsApiException"/>.</summary>
public sealed class CqrsClient(HttpClient http) : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public HttpClient Http => http;

    public Task<CommandResult> EnrollAsync(string courseId, string studentId, string studentName, CancellationToken cancellationToken = default) =>
        PostAsync<CommandResult>($"courses/{courseId}/enrollments", new { studentId, studentName }, cancellationToken);

    public Task<CommandResult> CompleteLessonAsync(string courseId, string studentId, string lessonId, CancellationToken cancellationToken = default) =>
        PostAsync<CommandResult>($"courses/{courseId}/enrollments/{studentId}/completed-lessons", new { lessonId }, cancellationToken);

    public Task<CommandResult> SubmitQuizAsync(string courseId, string studentId, string quizId, int score, CancellationToken cancellationToken = default) =>
        PostAsync<CommandResult>($"courses/{courseId}/enrollments/{studentId}/quiz-submissions", new { quizId, score }, cancellationToken);

    public Task<CommandResult> DropAsync(string courseId, string studentId, string reason, CancellationToken cancellationToken = default) =>
        PostAsync<CommandResult>($"courses/{courseId}/enrollments/{studentId}/drop", new { reason }, cancellationToken);

    public Task<QueryAnswer<StudentProgress>> ProgressAsync(string studentId, long? position = null, int? waitMs = null, CancellationToken cancellationToken = default) =>
        GetAsync<QueryAnswer<StudentProgress>>($"students/{studentId}/progress{Consistency(position, waitMs, first: true)}", cancellationToken);

    public Task<QueryAnswer<CourseRoster>> RosterAsync(string courseId, long? position = null, int? waitMs = null, CancellationToken cancellationToken = default) =>
        GetAsync<QueryAnswer<CourseRoster>>($"courses/{courseId}/roster{Consistency(position, waitMs, first: true)}", cancellationToken);

    public Task<QueryAnswer<Leaderboard>> LeaderboardAsync(string courseId, ReadSide side = ReadSide.Postgres, int top = 10, long? position = null,
        int? waitMs = null, CancellationToken cancellationToken = default) =>
        GetAsync<QueryAnswer<Leaderboard>>(
            $"courses/{courseId}/leaderboard?top={top}&source={side.ToString().ToLowerInvariant()}{Consistency(position, waitMs, first: false)}", cancellationToken);

    public Task<ProjectionStatus[]> ProjectionsAsync(CancellationToken cancellationToken = default) =>
        GetAsync<ProjectionStatus[]>("projections", cancellationToken);

    public Task<DeadLetter[]> DeadLettersAsync(CancellationToken cancellationToken = default) =>
        GetAsync<DeadLetter[]>("projections/dead-letters", cancellationToken);

    public Task<Generation[]> GenerationsAsync(CancellationToken cancellationToken = default) =>
        GetAsync<Generation[]>("generations", cancellationToken);

    /// <summary>Starts a blue/green rebuild; returns the new generation's version.</summary>
    public async Task<int> StartRebuildAsync(CancellationToken cancellationToken = default) =>
        (await PostAsync<JsonElement>("rebuilds", new { }, cancellationToken)).GetProperty("version").GetInt32();

    public Task<RebuildProgressAnswer> RebuildAsync(int version, CancellationToken cancellationToken = default) =>
        GetAsync<RebuildProgressAnswer>($"rebuilds/{version}", cancellationToken);

    public Task<JsonElement> ActivateAsync(int version, int? waitMs = null, CancellationToken cancellationToken = default) =>
        PostAsync<JsonElement>($"generations/{version}/activate{(waitMs is { } w ? $"?waitMs={w}" : "")}", new { }, cancellationToken);

    public async Task DropGenerationAsync(int version, CancellationToken cancellationToken = default)
    {
        using var response = await http.DeleteAsync(new Uri($"generations/{version}", UriKind.Relative), cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
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

    private async Task<T> PostAsync<T>(string path, object body, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(new Uri(path, UriKind.Relative), body, Json, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken))!;
    }

    private async Task<T> GetAsync<T>(string path, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative), cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken))!;
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new CqrsApiException((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
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
