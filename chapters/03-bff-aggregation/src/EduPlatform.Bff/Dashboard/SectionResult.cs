using System.Text.Json.Serialization;

namespace EduPlatform.Bff.Dashboard;

/// <summary>
/// One section of the answer: its fate, how old its data is (null when there is none), why it is not fresh, and the data.
/// </summary>
public sealed record SectionResult(
    SectionStatus Status,
    long? AgeMs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason,
    object? Data)
{
    public static SectionResult Fresh(object data, TimeSpan age) => new(SectionStatus.Ok, (long)age.TotalMilliseconds, null, data);

    public static SectionResult StaleCopy(object data, TimeSpan age, string reason) => new(SectionStatus.Stale, (long)age.TotalMilliseconds, reason, data);

    public static SectionResult Missing(SectionStatus status, string reason) => new(status, null, reason, null);

    [JsonIgnore]
    public bool HasData => Data is not null;
}
