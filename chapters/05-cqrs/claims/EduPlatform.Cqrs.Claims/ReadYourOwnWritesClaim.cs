using EduPlatform.Cqrs.Testing;
using EduPlatform.Cqrs.Testing.Workloads;
using EduPlatform.Load;
using EduPlatform.Load.Proving;

namespace EduPlatform.Cqrs.Claims;

/// <summary>Every client that passes its command's position sees its write; the wait that adds is short.</summary>
public sealed class ReadYourOwnWritesClaim : IClaim
{
    public string Name => "05-read-your-own-writes";

    public string Chapter => "05";

    public string Statement =>
        "Clients enroll a student over HTTP and at once query that student's progress with the position the command returned "
        + "(100 clients/s): every one of them sees its write, and the wait the position adds (waitedMs, measured by the server) "
        + "has p99 <= 50 ms.";

    public async Task<ClaimResult> RunAsync(ClaimContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var claim = await ClaimSystem.StartAsync(new CqrsSettings { RetryDelayMs = 100 }, context.CancellationToken);
        var clients = new ReadYourWritesClients(claim.System.Client, "course-ryow", Guid.NewGuid().ToString("N")[..6]);

        var writeThenRead = Scenario.Create("enroll-then-read", async ctx =>
                await clients.EnrollThenReadAsync(ctx.InvocationNumber, ctx.CancellationToken)
                    ? Response.Ok(statusCode: "saw-own-write")
                    : Response.Fail(statusCode: "missed-own-write"))
            .WithLoadSimulations(Simulation.Inject(context.Pick(100, 50), TimeSpan.FromSeconds(1), context.Duration(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(3))))
            .WithThresholds(Threshold.Parse("rate==0"));
        await context.RunAsync(writeThenRead);

        context.Check("every client that passed its position saw its write", clients.Missed == 0 && clients.Saw > 0,
            $"{clients.Saw:#,0} saw their write, {clients.Missed:#,0} did not");
        var waits = clients.WaitsMs;
        var p99 = ProjectionLagRecorder.Percentile(waits, 99);
        context.CheckTiming("added wait p99 <= 50 ms", p99 <= 50,
            $"p50 {ProjectionLagRecorder.Percentile(waits, 50):0.0} ms, p99 {p99:0.0} ms, max {ProjectionLagRecorder.Percentile(waits, 100):0.0} ms over {waits.Count:#,0} queries");
        return context.Complete();
    }
}
