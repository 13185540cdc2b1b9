using System.Text.Json.Serialization;
using EduPlatform.CoursePage.Courses;
using EduPlatform.CoursePage.Dependencies;
using EduPlatform.CoursePage.Hosting;

// The course page of EduPlatform: one local endpoint and four that call two unreliable dependencies, each through its
// own resilience pipeline (bulkhead, timeouts, retry, circuit breaker). See the chapter README for every setting.
var builder = WebApplication.CreateBuilder(args);

var serverLimits = builder.Configuration.GetSection(ServerLimitsOptions.Section).Get<ServerLimitsOptions>() ?? new();
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.Limits.MaxRequestBodySize = serverLimits.MaxRequestBodyBytes;
    kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
    kestrel.Limits.MaxRequestLineSize = 4 * 1024;
});

builder.Services.AddProblemDetails(problems => problems.CustomizeProblemDetails = context =>
    context.ProblemDetails.Extensions["traceId"] = context.HttpContext.TraceIdentifier);
// A body that does not bind (bad JSON, wrong content type) answers 400/415 in every environment. Left at its
// Development default, binding throws instead, and the exception would surface as a 500.
builder.Services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = false);
builder.Services.ConfigureHttpJsonOptions(json =>
{
    json.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
    // {"studentId":"a","studentId":"b"} is ambiguous (which student pays?): refused, not decided by whichever comes last.
    json.SerializerOptions.AllowDuplicateProperties = false;
});
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<CourseCatalog>();
builder.Services.AddDependencyClient(builder.Configuration, VideoClient.Dependency, video => new VideoClient(video));
builder.Services.AddDependencyClient(builder.Configuration, PaymentsClient.Dependency, payments => new PaymentsClient(payments));
builder.Services.AddServerWorkerBudget(serverLimits);
builder.Services.AddSingleton(services => new RequestBodyReader(serverLimits, services.GetRequiredService<TimeProvider>()));
builder.Services.AddOperationalChecks();

var app = builder.Build();

// Unhandled exceptions and empty error responses (404, 405, 413, 415...) both become problem+json; no stack traces.
app.UseExceptionHandler();
app.UseStatusCodePages();
// Bodies are read before a request takes a worker: a slow sender must cost a connection, not the worker budget.
app.UseMiddleware<RequestBodyReader>();
app.UseRateLimiter();

app.MapOperationalEndpoints();
app.MapCourseEndpoints();

await app.WarmUpFailureAnswersAsync();
await app.RunAsync();

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
