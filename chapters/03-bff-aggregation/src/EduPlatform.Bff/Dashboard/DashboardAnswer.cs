using System.Text.Json.Serialization;

namespace EduPlatform.Bff.Dashboard;

/// <summary>
/// The dashboard as the client receives it: every section it asked for with its fate. What the fates make of the whole
/// answer is decided here, by <see cref="DashboardOptions.Failures"/> and <see cref="DashboardOptions.RequiredSections"/>.
/// </summary>
public sealed record DashboardAnswer(string Student, IReadOnlyDictionary<string, SectionResult> Sections)
{
    /// <summary>Response header naming every section that is not <c>ok</c>, with its status: <c>courses=stale, payments=unavailable</c>.</summary>
    public const string DegradedHeader = "Degraded";

    /// <summary>The <see cref="DegradedHeader"/> value (an RFC 8941 dictionary), or null when every section is ok.</summary>
    [JsonIgnore]
    public string? Degraded
    {
        get
        {
            var notOk = Sections.Where(s => s.Value.Status != SectionStatus.Ok)
                .Select(s => $"{s.Key}={Lower(s.Value.Status)}")
                .ToArray();
            return notOk.Length == 0 ? null : string.Join(", ", notOk);
        }
    }

    /// <summary>Required sections that were asked for and are unavailable: any one of them makes the answer a 503.</summary>
    public IReadOnlyList<string> UnavailableRequired(IEnumerable<string> required) =>
        required.Where(name => Sections.TryGetValue(name, out var section) && section.Status == SectionStatus.Unavailable).ToArray();

    /// <summary>Sections without data (late or failed, no copy): under the seed's all-or-nothing policy any one fails the page.</summary>
    public IReadOnlyList<string> WithoutData() => Sections.Where(s => !s.Value.HasData).Select(s => s.Key).ToArray();

    private static string Lower(SectionStatus status) => status.ToString().ToLowerInvariant();
}
