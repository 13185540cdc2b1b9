using System.Text.Json.Serialization;
using EduPlatform.Cqrs.Domain;
using EduPlatform.Cqrs.Http;
using EduPlatform.Cqrs.Projections;
using EduPlatform.Cqrs.Queries;
using EduPlatform.EventStore;
using EduPlatform.EventStore.Aggregates;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using StackExchange.Redis;

namespace EduPlatform.Cqrs;

/// <summary>
/// Builds the app (both roles, or one, per Cqrs:Roles). <c>Program</c> runs it; the harness builds it in process with
/// <paramref name="configure" /> to set its port and logging.
/// </summary>
public static class CqrsHost
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // Settings from appsettings*.json beside the executable and from the environment, whatever the working directory.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

        // Commands are small: 16 KiB is plenty, and a bigger body is refused (413) before it is read.
        const long maxRequestBodyBytes = 16 * 1024;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = maxRequestBodyBytes);

        builder.Services.Configure<CqrsOptions>(builder.Configuration.GetSection(CqrsOptions.Section));

        builder.Services.AddSingleton(TimeProvider.System);
        // First hosted service, so both roles find the schema in place before anything else starts.
        builder.Services.AddHostedService<SchemaInitializer>();
        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(Required(builder.Configuration, "EventStore", "Host=...;Port=...;Username=...;Password=...;Database=...")));
        builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(Required(builder.Configuration, "Redis", "127.0.0.1:6379")));
        builder.Services.AddSingleton(services => new RedisKeys(services.GetRequiredService<IOptions<CqrsOptions>>().Value.RedisKeyPrefix));

        // The write side: chapter 04's store and aggregates.
        builder.Services.AddSingleton(_ => EnrollmentEventTypes.Create());
        builder.Services.AddSingleton(services => new PostgresEventStore(services.GetRequiredService<NpgsqlDataSource>(), services.GetRequiredService<EventTypeRegistry>()));
        builder.Services.AddSingleton(services => new SnapshotStore(
            services.GetRequiredService<NpgsqlDataSource>(), services.GetRequiredService<EventTypeRegistry>().SerializerOptions));
        builder.Services.AddSingleton(services => new AggregateRepository(
            services.GetRequiredService<PostgresEventStore>(), services.GetRequiredService<SnapshotStore>(), snapshotEvery: 50));
        builder.Services.AddSingleton<EnrollmentCommandHandler>();

        // The read side.
        builder.Services.AddSingleton<ReadModelGenerations>();
        builder.Services.AddSingleton<RedisLeaderboard>();
        builder.Services.AddSingleton<ProjectionMonitor>();
        builder.Services.AddSingleton<CqrsMetrics>();
        builder.Services.AddSingleton<ProjectionSignal>();
        builder.Services.AddSingleton<ReadYourWritesWaiter>();
        builder.Services.AddSingleton<ReadModelQueries>();
        builder.Services.AddSingleton<QueryRunner>();
        builder.Services.AddHostedService<ProjectionMonitorRefresher>();
        // Both registered; each returns at once when its role is off (Cqrs:Roles is read when the app runs, so every way of
        // passing configuration, a test host's included, is seen).
        builder.Services.AddHostedService<ProjectorHost>();
        builder.Services.AddHostedService<ProjectionNotificationListener>();

        builder.Services.Configure<JsonOptions>(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase)));
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        // Binding failures (malformed JSON, ?position=abc) throw, so the handler answers them with a problem like every other 4xx.
        builder.Services.Configure<RouteHandlerOptions>(routing => routing.ThrowOnBadRequest = true);

        configure?.Invoke(builder);
        var app = builder.Build();
        var settings = app.Services.GetRequiredService<IOptions<CqrsOptions>>().Value;
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use((context, next) => context.Request.ContentLength > maxRequestBodyBytes
            ? throw new BadHttpRequestException($"The request body is larger than {maxRequestBodyBytes} bytes.", StatusCodes.Status413PayloadTooLarge)
            : next(context));

        app.MapGet("/health/ready", () => Results.Ok(new { roles = settings.Roles }));
        app.MapProjectionEndpoints();
        if (settings.RunsApi)
        {
            app.MapCommandEndpoints();
            app.MapQueryEndpoints();
            app.MapGet("/", () => Results.Text(
                """
                EduPlatform CQRS (chapter 05)
                  commands (answer {streamId, streamVersion, position}):
                    POST /courses/{courseId}/enrollments                              {"studentId": "ada", "studentName": "Ada"}
                    POST /courses/{courseId}/enrollments/{studentId}/completed-lessons {"lessonId": "intro"}
                    POST /courses/{courseId}/enrollments/{studentId}/quiz-submissions  {"quizId": "q1", "score": 80}
                    POST /courses/{courseId}/enrollments/{studentId}/drop              {"reason": "..."}
                  queries (?position=P waits until the read model reached P; ?waitMs= bounds the wait, default 1000):
                    GET  /students/{studentId}/progress
                    GET  /courses/{courseId}/roster
                    GET  /courses/{courseId}/leaderboard?top=10&source=postgres|redis
                  operations:
                    GET  /projections                 position, lag (events, ms) per projection
                    GET  /projections/dead-letters    parked poison events and why
                    POST /rebuilds                    start a blue/green rebuild; GET /rebuilds/{version} shows progress
                    POST /generations/{v}/activate    switch reads to generation v (rollback); DELETE /generations/{v} drops it
                """));
        }
        return app;
    }

    private static string Required(IConfiguration configuration, string name, string example)
    {
        var value = configuration.GetConnectionString(name);
        return string.IsNullOrWhiteSpace(value)
            ? throw new InvalidOperationException(
                $"Set the connection string ConnectionStrings:{name}, e.g. ConnectionStrings__{name}='{example}'. " +
                "`dotnet run --project harness/EduPlatform.Harness.Cli -- up postgres redis` starts both and prints them.")
            : value;
    }
}
