using Microsoft.Extensions.Options;

namespace EduPlatform.Bff.Downstreams;

/// <summary>One named <see cref="HttpClient"/> per downstream service, on its own connection pool.</summary>
public static class DownstreamRegistration
{
    public static readonly IReadOnlyList<string> Names = ["users", "courses", "payments", "videos"];

    public static IServiceCollection AddDownstreams(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DownstreamOptions>().Bind(configuration.GetSection(DownstreamOptions.Section))
            .Validate(o => o.Users is not null && o.Courses is not null && o.Payments is not null && o.Videos is not null,
                "Bff:Downstreams: Users, Courses, Payments and Videos are all required (base URLs of chapter 01's services).")
            .ValidateOnStart();
        foreach (var name in Names)
        {
            services.AddHttpClient(name, (provider, client) =>
                {
                    var options = provider.GetRequiredService<IOptions<DownstreamOptions>>().Value;
                    client.BaseAddress = BaseOf(options, name);
                    // The dashboard's deadline is the timeout; this only bounds a leg when the deadline is switched off.
                    client.Timeout = TimeSpan.FromSeconds(30);
                    client.MaxResponseContentBufferSize = options.MaxResponseBytes;
                })
                .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
                {
                    ConnectTimeout = TimeSpan.FromSeconds(2),
                    PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                    UseCookies = false,
                    AllowAutoRedirect = false,
                    UseProxy = false,
                })
                // Keep the handler for the app's lifetime: the factory's 2-minute handler rotation would otherwise log
                // and rebuild pools under load; PooledConnectionLifetime already recycles connections.
                .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        }

        return services;
    }

    private static Uri BaseOf(DownstreamOptions options, string name) => name switch
    {
        "users" => options.Users!,
        "courses" => options.Courses!,
        "payments" => options.Payments!,
        _ => options.Videos!,
    };
}
