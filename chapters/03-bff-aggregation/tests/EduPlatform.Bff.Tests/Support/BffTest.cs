using EduPlatform.Bff.Testing;
using EduPlatform.Harness.Infrastructure;
using EduPlatform.Harness.Waiting;

namespace EduPlatform.Bff.Tests.Support;

/// <summary>A started <see cref="BffSystem"/> and a client for it; one per test.</summary>
internal sealed class BffTest : IAsyncDisposable
{
    private BffTest(BffSystem system)
    {
        System = system;
        Client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
    }

    public BffSystem System { get; }

    public HttpClient Client { get; }

    public static async Task<BffTest> StartAsync(IInfrastructure infrastructure, BffSettings? settings = null) =>
        new(await BffSystem.StartAsync(infrastructure, settings ?? BffSettings.Default, CurrentTest.Cancellation));

    public Task<DashboardReply> DashboardAsync(string subject = "learner-1", string? sections = null) =>
        System.GetDashboardAsync(Client, subject, sections, CurrentTest.Cancellation);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await System.DisposeAsync();
    }
}
