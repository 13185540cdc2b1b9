using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EduPlatform.Harness.Time;

/// <summary>Hands a clock (normally a <c>FakeTimeProvider</c>) to an app through its DI container.</summary>
public static class TimeProviderServiceCollectionExtensions
{
    /// <summary>
    /// Removes every <see cref="TimeProvider"/> registration and registers <paramref name="timeProvider"/>
    /// as the singleton. Code that takes <see cref="TimeProvider"/> from DI (rather than using
    /// <see cref="TimeProvider.System"/> directly) then runs on that clock.
    /// </summary>
    public static IServiceCollection ReplaceTimeProvider(this IServiceCollection services, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(timeProvider);
        services.RemoveAll<TimeProvider>();
        services.AddSingleton(timeProvider);
        return services;
    }
}
