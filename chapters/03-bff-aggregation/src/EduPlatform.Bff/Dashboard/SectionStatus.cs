using System.Text.Json.Serialization;

namespace EduPlatform.Bff.Dashboard;

/// <summary>What happened to one section of the dashboard. Written in lower case: <c>"status": "stale"</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SectionStatus>))]
public enum SectionStatus
{
    /// <summary>Fresh data: from its downstream within the budget, or from the cache while still fresh.</summary>
    [JsonStringEnumMemberName("ok")]
    Ok,

    /// <summary>A cached copy past its freshness, served because the downstream failed or ran out of budget; <c>ageMs</c> says how old.</summary>
    [JsonStringEnumMemberName("stale")]
    Stale,

    /// <summary>The downstream is slow: no answer within the budget and no copy to serve. No data; asking again later may work.</summary>
    [JsonStringEnumMemberName("degraded")]
    Degraded,

    /// <summary>The downstream failed (refused, reset, an error status, an unreadable body) and there is no copy. No data.</summary>
    [JsonStringEnumMemberName("unavailable")]
    Unavailable,
}
