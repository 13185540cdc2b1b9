using EduPlatform.EventStore;
using EduPlatform.EventStore.Aggregates;
using EduPlatform.EventStore.Demo;
using EduPlatform.EventStore.Demo.Enrollments;
using EduPlatform.EventStore.Demo.Http;
using Microsoft.AspNetCore.Http.Json;
using Npgsql;

var builder = WebApplication.CreateBuilder(args);

// A request body is at most 1 MiB (Kestrel answers 413 above), one event at most 64 KiB (the store
// answers EventTooLargeException, mapped to 413): both limits keep one client from filling the database.
const long maxRequestBodyBytes = 1024 * 1024;
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = maxRequestBodyBytes);

builder.Services.AddSingleton(services =>
{
    var connectionString = services.GetRequiredService<IConfiguration>().GetConnectionString(DemoConfiguration.ConnectionStringName);
    return string.IsNullOrWhiteSpace(connectionString)
        ? throw new InvalidOperationException(
            "Set the connection string ConnectionStrings:EventStore, e.g. ConnectionStrings__EventStore='Host=...;Port=...;Username=...;Password=...;Database=...'. " +
            "`dotnet run --project harness/EduPlatform.Harness.Cli -- up postgres` starts a PostgreSQL and prints one.")
        : NpgsqlDataSource.Create(connectionString);
});
builder.Services.AddSingleton(_ => EnrollmentEventTypes.Create());
builder.Services.AddSingleton(services => new PostgresEventStore(
    services.GetRequiredService<NpgsqlDataSource>(),
    services.GetRequiredService<EventTypeRegistry>(),
    new EventStoreOptions { MaxEventSizeBytes = 64 * 1024, MaxEventsPerAppend = 100 }));
builder.Services.AddSingleton(services => new SnapshotStore(
    services.GetRequiredService<NpgsqlDataSource>(), services.GetRequiredService<EventTypeRegistry>().SerializerOptions));
builder.Services.AddSingleton(services => new AggregateRepository(
    services.GetRequiredService<PostgresEventStore>(), services.GetRequiredService<SnapshotStore>(), snapshotEvery: 20));
builder.Services.AddHostedService<ActivityLogSubscription>();

builder.Services.Configure<JsonOptions>(json =>
{
    json.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
    // Strict input: a number sent as a string ("12") and a property given twice are 400s, not guesses.
    json.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
    json.SerializerOptions.AllowDuplicateProperties = false;
});
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
// Binding failures (malformed JSON, a query value of the wrong type) throw, so the handler above
// answers them with a problem body like every other 4xx, in every environment.
builder.Services.Configure<RouteHandlerOptions>(routing => routing.ThrowOnBadRequest = true);

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
// Kestrel enforces the body limit while reading (chunked bodies too); this answers a declared
// oversized body before reading it, and holds on any server (the tests' in-memory one included).
app.Use((context, next) => context.Request.ContentLength > maxRequestBodyBytes
    ? throw new BadHttpRequestException($"The request body is larger than {maxRequestBodyBytes} bytes.", StatusCodes.Status413PayloadTooLarge)
    : next(context));

await EventStoreSchema.CreateAsync(app.Services.GetRequiredService<NpgsqlDataSource>());

app.MapStreamEndpoints();
app.MapEnrollmentEndpoints();
app.MapGet("/", () => Results.Text(
    """
    EduPlatform event store demo
      POST /streams/{streamId}          append: {"expectedVersion": "no-stream", "events": [{"eventId": "...", "type": "student-enrolled", "data": {...}}]}
      GET  /streams/{streamId}          read a stream (?direction=forward|backward&from=1&count=100)
      GET  /all                         read every stream in global order (?after=0&count=100)
      GET  /enrollments/{id}            the state of stream enrollment-{id}, folded from its events
    """));

await app.RunAsync();

/// <summary>The demo's entry point (public for WebApplicationFactory in the tests).</summary>
public partial class Program;
