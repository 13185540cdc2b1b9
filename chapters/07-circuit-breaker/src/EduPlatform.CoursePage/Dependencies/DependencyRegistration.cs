using EduPlatform.CoursePage.Resilience;
using Polly;
using Polly.Registry;

namespace EduPlatform.CoursePage.Dependencies;

/// <summary>Wires one dependency: its settings, its monitor, its resilience pipeline and its HttpClient.</summary>
public static class DependencyRegistration
{
    /// <summary>
    /// Reads <c>Dependencies:&lt;dependency&gt;</c> and <c>Resilience:&lt;dependency&gt;</c>, refuses to start on a setting
    /// out of range, and registers <typeparamref name="TClient"/> on a <see cref="DependencyCaller"/>: the dependency's
    /// resilience pipeline, run around each send of an HttpClient whose handlers are the attempt counter and the
    /// connection pool. The pipeline lives in Polly's registry under the dependency's name (<c>"Video"</c>,
    /// <c>"Payments"</c>), so anything can look at the exact instance the caller uses: <c>ResiliencePipelineProvider&lt;string&gt;</c>.
    /// </summary>
    public static IServiceCollection AddDependencyClient<TClient>(
        this IServiceCollection services,
        IConfiguration configuration,
        string dependency,
        Func<DependencyCaller, TClient> createClient)
        where TClient : class
    {
        var endpointSection = DependencyEndpointOptions.SectionFor(dependency);
        var endpoint = configuration.GetSection(endpointSection).Get<DependencyEndpointOptions>() ?? new();
        if (endpoint.BaseUrl is not { IsAbsoluteUri: true } baseUrl)
        {
            throw new InvalidOperationException(
                $"{endpointSection}:{nameof(DependencyEndpointOptions.BaseUrl)} must be set to an absolute URL (e.g. http://127.0.0.1:5101/).");
        }

        var resilienceSection = DependencyResilienceOptions.SectionFor(dependency);
        var resilience = configuration.GetSection(resilienceSection).Get<DependencyResilienceOptions>() ?? new();
        var errors = resilience.Validate(resilienceSection);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Invalid resilience settings:" + Environment.NewLine + string.Join(Environment.NewLine, errors));
        }

        // The monitor stamps transitions with the service's clock, the one the pipeline runs on (a test may fake it).
        services.AddKeyedSingleton(dependency, (services, _) => new DependencyMonitor(dependency, resilience, services.GetRequiredService<TimeProvider>()));
        services.AddSingleton(services => services.GetRequiredKeyedService<DependencyMonitor>(dependency));

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
                context.ServiceProvider.GetRequiredKeyedService<DependencyMonitor>(dependency),
                context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DependencyPipeline)),
                context.OnPipelineDisposed));

        // The pipeline runs around each HttpClient send (DependencyCaller); the counter inside it sees each attempt.
        client.AddHttpMessageHandler(services => new AttemptCountingHandler(services.GetRequiredKeyedService<DependencyMonitor>(dependency)));
        // Looked up once, under the container's singleton lock: the registry builds a pipeline on first request, and two
        // first requests at once would build it twice, the second failing on the breaker's already-bound StateProvider.
        services.AddKeyedSingleton(dependency, (services, _) =>
            services.GetRequiredService<ResiliencePipelineProvider<string>>().GetPipeline<HttpResponseMessage>(dependency));
        client.AddTypedClient((http, services) => createClient(new DependencyCaller(
            http,
            services.GetRequiredKeyedService<ResiliencePipeline<HttpResponseMessage>>(dependency),
            services.GetRequiredKeyedService<DependencyMonitor>(dependency))));

        return services;
    }
}
