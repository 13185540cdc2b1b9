using EduPlatform.Bff.Dashboard;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using ZiggyCreatures.Caching.Fusion;
using ZiggyCreatures.Caching.Fusion.Backplane.StackExchangeRedis;
using ZiggyCreatures.Caching.Fusion.Serialization.SystemTextJson;

namespace EduPlatform.Bff.Caching;

/// <summary>
/// The sections' cache: FusionCache, memory first, with Redis as its second level (shared by every BFF instance) and
/// its backplane (an instance that refreshes a key tells the others to drop their memory copy). FusionCache rather than
/// HybridCache for its fail-safe: HybridCache forgets an entry when it expires, so when the refresh then fails there is
/// nothing left to serve stale; see the chapter README for the side-by-side.
/// </summary>
public static class DashboardCache
{
    public const string KeyPrefix = "bff:";

    /// <summary>The cache, or null when <see cref="DashboardOptions.CacheOptions.Enabled"/> is off.</summary>
    public static IFusionCache? Create(DashboardOptions.CacheOptions options, ILoggerFactory logging)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return null;
        }

        var cache = new FusionCache(new FusionCacheOptions
        {
            CacheName = "dashboard",
            CacheKeyPrefix = KeyPrefix,
            // The section sees the downstream's own exception (DownstreamFailedException), not a wrapper.
            ReThrowOriginalExceptions = true,
            // A failed leg is the section's business (and logged once there), not an error per cache call.
            FactoryErrorsLogLevel = LogLevel.Debug,
            FailSafeActivationLogLevel = LogLevel.Debug,
        }, logger: logging.CreateLogger<FusionCache>());

        if (!string.IsNullOrWhiteSpace(options.Redis))
        {
            cache.SetupDistributedCache(
                new RedisCache(new RedisCacheOptions { Configuration = options.Redis, InstanceName = KeyPrefix }),
                new FusionCacheSystemTextJsonSerializer());
            cache.SetupBackplane(new RedisBackplane(new RedisBackplaneOptions { Configuration = options.Redis }));
        }

        return cache;
    }
}
