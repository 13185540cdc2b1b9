using System.Text.Json;
using EduPlatform.Gateway.Testing;
using EduPlatform.Harness.Waiting;
using Microsoft.Extensions.Time.Testing;

namespace EduPlatform.Gateway.Tests.Support;

/// <summary>
/// The gateway's own view of its destinations (<c>GET /health</c>), watched while a fake clock drives YARP's health
/// checks: each look first moves the clock one probe interval on, so probes, the passive detection window and
/// ejections advance exactly as far as the test lets them, however slow the machine.
/// </summary>
public static class GatewayHealthView
{
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(1);

    /// <summary>Advances <paramref name="clock"/> a probe interval at a time until destination <paramref name="destination"/>'s availability satisfies <paramref name="condition"/>.</summary>
    public static Task UntilAvailableIsAsync(this GatewaySystem gateway, FakeTimeProvider clock, string cluster, string destination, bool available, string what) =>
        Eventually.HoldsAsync(async () =>
        {
            clock.Advance(ProbeInterval);
            return await IsAvailableAsync(gateway, cluster, destination) == available;
        }, what);

    public static async Task<bool> IsAvailableAsync(GatewaySystem gateway, string cluster, string destination)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        var view = JsonDocument.Parse(await gateway.Client.GetStringAsync("/health", CurrentTest.Cancellation)).RootElement;
        return view.GetProperty("clusters").EnumerateArray()
            .Single(entry => entry.GetProperty("cluster").GetString() == cluster)
            .GetProperty("destinations").EnumerateArray()
            .Single(entry => entry.GetProperty("id").GetString() == destination)
            .GetProperty("available").GetBoolean();
    }
}
