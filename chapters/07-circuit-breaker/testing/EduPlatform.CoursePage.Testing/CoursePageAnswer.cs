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

    /// <summary>A label without its status: <c>"circuit-open"</c> for <c>"503 circuit-open"</c>; a bare status stays as it is.</summary>
    public static string KindOf(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        return label[(label.IndexOf(' ', StringComparison.Ordinal) + 1)..];
    }

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
