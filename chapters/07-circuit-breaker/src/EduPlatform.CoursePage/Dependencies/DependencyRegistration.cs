using EduPlatform.CoursePage.Resilience;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Registry;

namespace EduPlatform.CoursePage.Dependencies;

/// <summary>Wires one dependency: its settings, its monitor, and its HttpClient with the resilience pipeline.</summary>
public static class DependencyRegistration
{
    /// <summary>
    /// Reads <c>Dependencies:&lt;dependency&gt;</c> and <c>Resilience:&lt;dependency&gt;</c>, refuses to start on a setting
    /// out of range, and registers <typeparamref name="TClient"/> on an HttpClient whose handlers are, outermost first:
    /// the resilience pipeline, the attempt counter, the connection pool.
    /// The pipeline lives in Polly's registry under the dependency's name (<c>"Video"</c>, <c>"Payments"</c>), so anything
    /// can look at the exact instance the HttpClient uses: <c>ResiliencePipelineProvider&lt;string&gt;</c>.
    /// </summary>
    public static IServiceCollection AddDependencyClient<TClient>(
        this IServiceCollection services,
        IConfiguration configuration,
        string dependency,
        Func<HttpClient, DependencyMonitor, TClient> createClient)
        where TClient : class
    {
        var endpoint = configuration.GetSection($"Dependencies:{dependency}").Get<DependencyEndpointOptions>() ?? new();
        if (endpoint.BaseUrl is not { IsAbsoluteUri: true } baseUrl)
        {
            throw new InvalidOperationException($"Dependencies:{dependency}:BaseUrl must be set to an absolute URL (e.g. http://127.0.0.1:5101/).");
        }

        var resilience = configuration.GetSection($"Resilience:{dependency}").Get<DependencyResilienceOptions>() ?? new();
        var errors = resilience.Validate($"Resilience:{dependency}");
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Invalid resilience settings:" + Environment.NewLine + string.Join(Environment.NewLine, errors));
        }

        var monitor = new DependencyMonitor(dependency, resilience, TimeProvider.System);
        services.AddSingleton(monitor);

        var client = services.AddHttpClient(dependency, http =>
            {
                // Relative request URIs append to the base only when it ends with a slash.
                http.BaseAddress = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
                http.Timeout = endpoint.HttpClientTimeout;
                http.MaxResponseContentBufferSize = endpoint.MaxResponseBytes;
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                MaxConnectionsPerServer = endpoint.MaxConnectionsPerServer,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            });

        services.AddResiliencePipeline<string, HttpResponseMessage>(dependency, (pipeline, context) =>
            DependencyPipeline.Configure(
                pipeline,
                resilience,
                monitor,
                context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DependencyPipeline)),
                context.OnPipelineDisposed));

        // Handlers run in the order added, the first outermost: the pipeline wraps the counter, which sees each attempt.
        client.AddHttpMessageHandler(services => new ResilienceHandler(
            services.GetRequiredService<ResiliencePipelineProvider<string>>().GetPipeline<HttpResponseMessage>(dependency)));
        client.AddHttpMessageHandler(() => new AttemptCountingHandler(monitor));
        client.AddTypedClient((http, _) => createClient(http, monitor));

        return services;
    }
}
