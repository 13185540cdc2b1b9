using Microsoft.AspNetCore.Http;

namespace EduPlatform.Harness.Faults;

/// <summary>
/// When a request reached a <see cref="DownstreamStub"/>, on the stub's clock: stamped by the stub's first
/// middleware, read by its responders so timelines and latencies count from arrival.
/// </summary>
internal static class StubArrival
{
    private static readonly object Key = new();

    public static void Stamp(HttpContext context, DateTimeOffset arrivedAt) => context.Items[Key] = arrivedAt;

    public static DateTimeOffset? Of(HttpContext context) =>
        context.Items.TryGetValue(Key, out var value) && value is DateTimeOffset arrivedAt ? arrivedAt : null;
}
