using EduPlatform.Saga.Host;
using EduPlatform.Saga.Host.Http;
using Microsoft.AspNetCore.Http.Json;

var builder = WebApplication.CreateBuilder(args);

// An enrollment request is a few hundred bytes; 16 KiB leaves room and keeps one client from sending megabytes.
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 16 * 1024);
builder.Services.Configure<JsonOptions>(json => json.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
// Binding failures (malformed JSON, a value of the wrong type) throw, so the handler above answers them as problems.
builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
builder.Services.AddSingleton<SagaNodeService>();
builder.Services.AddHostedService(services => services.GetRequiredService<SagaNodeService>());

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
EnrollmentEndpoints.Map(app);
app.Run();

/// <summary>The entry point, named so the harness can host this app in process and out of process.</summary>
public partial class Program;
