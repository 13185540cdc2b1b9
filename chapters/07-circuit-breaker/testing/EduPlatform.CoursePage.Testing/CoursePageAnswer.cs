using System.Text.Json;
using EduPlatform.CoursePage.Hosting;

namespace EduPlatform.CoursePage.Testing;

/// <summary>
/// The label of one course page answer: <c>"200"</c>; a problem of ours as its status and kind, <c>"503 circuit-open"</c>;
/// or the bare status when the body is no problem+json of ours. Claims count answers by it; tests name the answer they
/// expect by it.
/// </summary>
public static class CoursePageAnswer
{
    private static readonly Dictionary<string, string> Kinds = new[]
    {
        ProblemTypes.Validation, ProblemTypes.NotFound, ProblemTypes.CircuitOpen, ProblemTypes.BulkheadFull,
        ProblemTypes.DependencyUnavailable, ProblemTypes.DependencyTimeout, ProblemTypes.BadGateway, ProblemTypes.ServerBusy,
    }.ToDictionary(type => type, type => type[(type.LastIndexOf('/') + 1)..], StringComparer.Ordinal);

    public static string Label(HttpResponseMessage response, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(response);
        var status = $"{(int)response.StatusCode}";
        return !response.IsSuccessStatusCode && KindOf(response, body) is { } kind ? $"{status} {kind}" : status;
    }

    /// <summary>The kind of answer without its status: "answered" for a success, "circuit-open" for a problem, or the bare status.</summary>
    public static string Outcome(string label) =>
        label.Length > 0 && label[0] == '2' ? "answered" : label[(label.IndexOf(' ', StringComparison.Ordinal) + 1)..];

    private static string? KindOf(HttpResponseMessage response, ReadOnlySpan<byte> body)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(body);
            using var problem = JsonDocument.ParseValue(ref reader);
            return problem.RootElement.TryGetProperty("type", out var type) && type.GetString() is { } uri
                ? Kinds.GetValueOrDefault(uri)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
