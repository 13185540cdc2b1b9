using EduPlatform.CoursePage.FakeDependencies;

// Stand-ins for the video and payment services, so the course page can be run and broken by hand:
// `dotnet run` listens on 127.0.0.1:5101 (video) and :5102 (payments), where the course page expects them.
// Make a dependency slow or flaky while the course page runs, e.g.
//   curl -X PUT localhost:5102/faults/payments -H 'Content-Type: application/json' -d '{"latencyMs":2000}'
// The delays are real asynchronous waits and the failures real HTTP answers: nothing in the course page is faked.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddProblemDetails();
builder.Services.AddSingleton<FaultBoard>();
// The injected latency is waited on this clock, so a test can replace it with a fake one and move it.
builder.Services.AddSingleton(TimeProvider.System);
var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();

app.MapGet("/videos/{courseId}", (string courseId, FaultBoard board, TimeProvider time, HttpContext http) =>
    AnswerAsync("video", board, time, http, () => new { courseId, manifest = $"https://cdn.eduplatform.example/{courseId}/master.m3u8", lessons = 24 }));
app.MapGet("/prices/{courseId}", (string courseId, FaultBoard board, TimeProvider time, HttpContext http) =>
    AnswerAsync("payments", board, time, http, () => new { courseId, amount = 4900, currency = "EUR" }));
app.MapPost("/payments", (FaultBoard board, TimeProvider time, HttpContext http) =>
    AnswerAsync("payments", board, time, http, () => new { paymentId = Guid.NewGuid(), status = "captured" }));

app.MapGet("/faults", (FaultBoard board) => TypedResults.Ok(board.Snapshot()));
app.MapPut("/faults/{dependency}", (string dependency, Faults faults, FaultBoard board) =>
{
    if (!FaultBoard.Dependencies.Contains(dependency))
    {
        return Results.Problem(statusCode: 404, title: "Unknown dependency", detail: "Use 'video' or 'payments'.");
    }

    var problems = faults.Problems().ToArray();
    if (problems.Length > 0)
    {
        return Results.ValidationProblem(new Dictionary<string, string[]> { ["faults"] = problems });
    }

    board.Set(dependency, faults);
    return Results.Ok(board.Snapshot());
});

app.Run();

static async Task<IResult> AnswerAsync(string dependency, FaultBoard board, TimeProvider time, HttpContext http, Func<object> body)
{
    board.CountRequest(dependency);
    var faults = board.Get(dependency);
    if (faults.LatencyMs > 0)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(faults.LatencyMs), time, http.RequestAborted);
    }

#pragma warning disable CA5394 // a fault injector's coin toss, not security
    if (Random.Shared.NextDouble() < faults.FailureRate)
#pragma warning restore CA5394
    {
        if (faults.RetryAfterSeconds is { } retryAfter)
        {
            http.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return Results.Problem(statusCode: faults.FailureStatus, title: $"Injected {dependency} failure");
    }

    return Results.Ok(body());
}

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
