using System.Net;
using System.Text.Json;

namespace EduPlatform.Bff.Testing;

/// <summary>A /dashboard answer as tests and claims read it: the status, the <c>Degraded</c> header, each section's fate.</summary>
public sealed record DashboardReply(HttpStatusCode Status, string? ContentType, string? Degraded, IReadOnlyDictionary<string, SectionReply> Sections, string Body)
{
    public SectionReply this[string section] => Sections[section];

    public static async Task<DashboardReply> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var degraded = response.Headers.TryGetValues("Degraded", out var values) ? string.Join(", ", values) : null;
        return new DashboardReply(response.StatusCode, response.Content.Headers.ContentType?.MediaType, degraded, SectionsOf(response, body), body);
    }

    /// <summary>Reads the sections of a 200 answer's body (empty for anything else).</summary>
    public static IReadOnlyDictionary<string, SectionReply> SectionsOf(HttpResponseMessage response, string body)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return new Dictionary<string, SectionReply>();
        }

        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("sections").EnumerateObject().ToDictionary(
            section => section.Name,
            section => new SectionReply(
                section.Value.GetProperty("status").GetString()!,
                section.Value.GetProperty("ageMs").ValueKind == JsonValueKind.Number ? section.Value.GetProperty("ageMs").GetInt64() : null,
                section.Value.TryGetProperty("reason", out var reason) ? reason.GetString() : null,
                section.Value.GetProperty("data").Clone()));
    }
}

/// <summary>One section of a dashboard answer.</summary>
public sealed record SectionReply(string Status, long? AgeMs, string? Reason, JsonElement Data)
{
    public bool HasData => Data.ValueKind != JsonValueKind.Null;
}
