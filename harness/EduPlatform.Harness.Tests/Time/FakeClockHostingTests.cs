using System.Globalization;
using EduPlatform.Harness.Hosting;
using EduPlatform.Harness.Tests.Hosting;
using EduPlatform.Harness.Time;
using EduPlatform.Harness.Waiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace EduPlatform.Harness.Tests.Time;

public sealed class FakeClockHostingTests
{
    private static readonly DateTimeOffset Epoch = new(2030, 1, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_hosted_app_runs_on_the_fake_clock_it_was_handed_and_keeps_serving_after_a_big_jump()
    {
        var clock = new FakeTimeProvider(Epoch);
        await using var instance = await ServiceHost.StartAsync(SampleApps.ViaBuild,
            new ServiceHostOptions { TimeProvider = clock }, CurrentTest.Cancellation);
        using var client = instance.CreateClient();

        (await NowAsync(client)).Should().Be(Epoch);
        instance.Services.GetRequiredService<TimeProvider>().Should().BeSameAs(clock);

        // A whole day on the app's clock: the app must see it, and still answer.
        clock.Advance(TimeSpan.FromDays(1));

        (await NowAsync(client)).Should().Be(Epoch.AddDays(1));
    }

    [Fact]
    public async Task The_entry_point_path_hands_over_the_clock_too()
    {
        var clock = new FakeTimeProvider(Epoch);
        await using var instance = await ServiceHost.StartAsync(SampleApps.ViaEntryPoint,
            new ServiceHostOptions { TimeProvider = clock }, CurrentTest.Cancellation);
        using var client = instance.CreateClient();

        clock.Advance(TimeSpan.FromMinutes(90));

        (await NowAsync(client)).Should().Be(Epoch.AddMinutes(90));
    }

    [Fact]
    public void ReplaceTimeProvider_leaves_exactly_one_registration()
    {
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(TimeProvider.System);
        var clock = new FakeTimeProvider(Epoch);

        services.ReplaceTimeProvider(clock);

        services.Where(service => service.ServiceType == typeof(TimeProvider)).Should().ContainSingle()
            .Which.ImplementationInstance.Should().BeSameAs(clock);
    }

    private static async Task<DateTimeOffset> NowAsync(HttpClient client) =>
        DateTimeOffset.Parse(await client.GetStringAsync(new Uri("/now", UriKind.Relative), CurrentTest.Cancellation), CultureInfo.InvariantCulture);
}
